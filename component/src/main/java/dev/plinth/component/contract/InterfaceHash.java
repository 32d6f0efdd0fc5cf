package dev.plinth.component.contract;

import dev.plinth.api.manifest.SemanticVersion;
import dev.plinth.component.type.ComponentType;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.type.ValueType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compatibility hash of a component's interface: equal for two components whose exported functions have the same
 * names and structurally equal types and which import the same functions and interfaces, whatever their binaries,
 * type names or order. It is the lowercase hex SHA-256 of {@link #canonicalText}: one line per exported function,
 * {@code export <name>: <type>} (an interface's function named {@code <interface>#<function>}), one per imported
 * function {@code import <name>: <type>} and one per imported interface {@code import <interface>} (by name: its
 * functions are the linker's to check, and {@link ComponentInterface} cannot always read them), sorted, each ending
 * in {@code \n}. An interface name's version is cut to what Cargo's caret rule keeps fixed ({@code @0.1.3} → {@code
 * @0.1}, {@code @1.2.0} → {@code @1}, {@code @0.0.3} stays), so compatible package versions hash alike. A type is
 * written as in WIT with every field, case and flag name ({@code record { a: u32 }}, {@code own<session>}), except that
 * a compound type inside another is written {@code #} and the hex SHA-256 of its own text, so that types sharing
 * subtypes cost their size, not their expansion.
 */
public final class InterfaceHash {
    private final Map<ValueType, String> digests = new IdentityHashMap<>();

    private InterfaceHash() {
    }

    /** The hash of a component's (or a world's) interface. */
    public static String of(ComponentType type) {
        return sha256(canonicalText(type));
    }

    /** The text the hash is computed over. */
    public static String canonicalText(ComponentType type) {
        InterfaceHash hash = new InterfaceHash();
        List<String> lines = new ArrayList<>();
        hash.lines("import", type.imports(), lines);
        hash.lines("export", type.exports(), lines);
        lines.sort(null);
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l).append('\n'));
        return text.toString();
    }

    private void lines(String direction, List<ComponentType.Item> items, List<String> lines) {
        for (ComponentType.Item item : items) {
            if (item instanceof ComponentType.Func f) {
                lines.add(direction + " " + name(f.name()) + ": " + func(f.type()));
            } else if (item instanceof ComponentType.Instance i && direction.equals("import")) {
                lines.add(direction + " " + name(i.name()));
            } else if (item instanceof ComponentType.Instance i) {
                for (ComponentType.Item member : i.items()) {
                    if (member instanceof ComponentType.Func f) {
                        lines.add(direction + " " + name(i.name()) + "#" + f.name() + ": " + func(f.type()));
                    }
                }
            }
        }
    }

    private static String name(String name) {
        Optional<String> version = ContractCheck.version(name);
        if (version.isEmpty()) {
            return name;
        }
        String base = name.substring(0, name.lastIndexOf('@'));
        try {
            SemanticVersion v = SemanticVersion.parse(version.get());
            String kept = v.major() > 0 ? "" + v.major() : v.minor() > 0 ? "0." + v.minor() : "0.0." + v.patch();
            return base + "@" + kept + (v.preRelease().isEmpty() ? "" : "-" + v.preRelease());
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    private String func(FuncType type) {
        List<String> params = new ArrayList<>();
        type.params().forEach(p -> params.add(p.name() + ": " + inner(p.type())));
        List<String> results = new ArrayList<>();
        type.results().forEach(r -> results.add(inner(r)));
        return "func(" + String.join(", ", params) + ")" + (results.isEmpty() ? "" : " -> " + String.join(", ",
                results));
    }

    /** A type as it appears inside another: a primitive or handle as itself, a compound type by its digest. */
    private String inner(ValueType type) {
        if (type instanceof ValueType.Primitive || type instanceof ValueType.OwnType
                || type instanceof ValueType.BorrowType) {
            return text(type);
        }
        String digest = digests.get(type);
        if (digest == null) {
            digest = "#" + sha256(text(type));
            digests.put(type, digest);
        }
        return digest;
    }

    private String text(ValueType type) {
        if (type instanceof ValueType.Primitive p) {
            return p.wit();
        } else if (type instanceof ValueType.OwnType o) {
            return "own<" + o.resource().name() + ">";
        } else if (type instanceof ValueType.BorrowType b) {
            return "borrow<" + b.resource().name() + ">";
        } else if (type instanceof ValueType.ListType l) {
            return "list<" + inner(l.element()) + ">";
        } else if (type instanceof ValueType.OptionType o) {
            return "option<" + inner(o.some()) + ">";
        } else if (type instanceof ValueType.ResultType r) {
            return "result<" + r.ok().map(this::inner).orElse("_") + ", " + r.error().map(this::inner).orElse("_")
                    + ">";
        } else if (type instanceof ValueType.TupleType t) {
            return "tuple<" + String.join(", ", t.elements().stream().map(this::inner).toList()) + ">";
        } else if (type instanceof ValueType.RecordType r) {
            return "record { " + String.join(", ", r.fields().stream().map(f -> f.name() + ": " + inner(f.type()))
                    .toList()) + " }";
        } else if (type instanceof ValueType.VariantType v) {
            return "variant { " + String.join(", ", v.cases().stream().map(c -> c.name() + c.payload()
                    .map(p -> "(" + inner(p) + ")").orElse("")).toList()) + " }";
        } else if (type instanceof ValueType.EnumType e) {
            return "enum { " + String.join(", ", e.cases()) + " }";
        } else if (type instanceof ValueType.FlagsType f) {
            return "flags { " + String.join(", ", f.names()) + " }";
        }
        throw new IllegalStateException("unknown value type " + type);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
