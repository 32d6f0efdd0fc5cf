package dev.plinth.component.internal.abi;

import dev.plinth.component.type.ValueType;
import dev.plinth.component.type.ValueType.*;

/**
 * A type's WIT spelling for error messages, cut at {@link #LIMIT} characters: a hostile component's types
 * can share subtypes so deeply that the full spelling would be exponentially long.
 */
public final class Describe {
    static final int LIMIT = 120;

    private Describe() {
    }

    public static String of(ValueType type) {
        StringBuilder out = new StringBuilder();
        append(type, out);
        return out.length() > LIMIT ? out.substring(0, LIMIT) + "..." : out.toString();
    }

    private static void append(ValueType type, StringBuilder out) {
        if (out.length() > LIMIT) {
            return;
        }
        if (type instanceof Primitive || type instanceof EnumType || type instanceof FlagsType
                || type instanceof OwnType || type instanceof BorrowType) {
            out.append(type.wit());
        } else if (type instanceof ListType l) {
            out.append("list<");
            append(l.element(), out);
            out.append('>');
        } else if (type instanceof OptionType o) {
            out.append("option<");
            append(o.some(), out);
            out.append('>');
        } else if (type instanceof TupleType t) {
            out.append("tuple<");
            for (ValueType e : t.elements()) {
                append(e, out);
                out.append(", ");
                if (out.length() > LIMIT) {
                    return;
                }
            }
            out.setLength(out.length() - 2);
            out.append('>');
        } else if (type instanceof RecordType r) {
            out.append("record { ");
            for (Field f : r.fields()) {
                out.append(f.name()).append(": ");
                append(f.type(), out);
                out.append(", ");
                if (out.length() > LIMIT) {
                    return;
                }
            }
            out.setLength(out.length() - 2);
            out.append(" }");
        } else if (type instanceof VariantType v) {
            out.append("variant { ");
            for (Case c : v.cases()) {
                out.append(c.name());
                c.payload().ifPresent(p -> {
                    out.append('(');
                    append(p, out);
                    out.append(')');
                });
                out.append(", ");
                if (out.length() > LIMIT) {
                    return;
                }
            }
            out.setLength(out.length() - 2);
            out.append(" }");
        } else if (type instanceof ResultType r) {
            out.append("result<");
            r.ok().ifPresentOrElse(t -> append(t, out), () -> out.append('_'));
            r.error().ifPresent(t -> {
                out.append(", ");
                append(t, out);
            });
            out.append('>');
        }
    }
}
