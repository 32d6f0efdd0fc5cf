package dev.plinth.component.json;

import dev.plinth.component.type.FuncType;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.type.ValueType.BorrowType;
import dev.plinth.component.type.ValueType.Case;
import dev.plinth.component.type.ValueType.EnumType;
import dev.plinth.component.type.ValueType.Field;
import dev.plinth.component.type.ValueType.FlagsType;
import dev.plinth.component.type.ValueType.ListType;
import dev.plinth.component.type.ValueType.OptionType;
import dev.plinth.component.type.ValueType.OwnType;
import dev.plinth.component.type.ValueType.Primitive;
import dev.plinth.component.type.ValueType.RecordType;
import dev.plinth.component.type.ValueType.ResultType;
import dev.plinth.component.type.ValueType.TupleType;
import dev.plinth.component.type.ValueType.VariantType;
import dev.plinth.component.value.InvalidValueException;
import dev.plinth.component.value.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON mapping of component values, both ways and directed by the WIT type (JSON alone does not
 * say whether {@code 5} is a {@code u8} or an {@code f64}): records are objects with the WIT field
 * names, lists and tuples arrays, {@code option} {@code null} or the value, {@code result}
 * {@code {"ok": ...}} or {@code {"err": ...}}, variants {@code {"case": payload}}, enums strings, flags
 * arrays of names. docs/components.md ("JSON mapping") has the whole table. A document that does not
 * fit is a {@link JsonValueException} naming the path and what was expected there.
 */
public final class ValueJson {
    /** 2^53: integers up to this magnitude survive a JavaScript number (a double). */
    public static final long MAX_SAFE_INTEGER = 1L << 53;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    /** The longest integer text read: u64's 20 digits with room for a sign and leading zeros. */
    private static final int MAX_INTEGER_TEXT = 40;

    private ValueJson() {
    }

    /** {@code value} as JSON; {@code value} must be of {@code type} (else {@link JsonValueException}). */
    public static JsonNode toJson(Value value, ValueType type) {
        return write(value, type, JsonPath.ROOT);
    }

    /** {@code value} as compact JSON text. */
    public static String toJsonString(Value value, ValueType type) {
        return MAPPER.writeValueAsString(toJson(value, type));
    }

    /** The value of {@code type} that {@code json} denotes. */
    public static Value fromJson(JsonNode json, ValueType type) {
        return read(json, type, JsonPath.ROOT);
    }

    /** The value of {@code type} that the JSON text {@code json} denotes; text that is not JSON fails at {@code $}. */
    public static Value fromJson(String json, ValueType type) {
        return fromJson(parse(json), type);
    }

    /** Reads JSON text, strictly (no duplicate member names), as a tree; text that is not JSON fails at {@code $}. */
    public static JsonNode parse(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new JsonValueException("$", "expected a JSON document, got nothing");
            }
            return node;
        } catch (JacksonException e) {
            throw new JsonValueException("$", "not JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * The arguments of a call to a function of type {@code function}: a JSON array with one element per
     * parameter, in order, or an object with one member per parameter name. An error names the
     * parameter, e.g. {@code at $[0].items[3].name (parameter req): expected a string, got 5}.
     */
    public static List<Value> arguments(JsonNode json, FuncType function) {
        List<Field> params = function.params();
        List<Value> args = new ArrayList<>();
        if (json.isArray()) {
            if (json.size() != params.size()) {
                throw new JsonValueException("$", "expected " + count(params.size(), "argument") + " "
                        + signature(params) + ", got " + count(json.size(), "element"));
            }
            for (int i = 0; i < params.size(); i++) {
                args.add(argument(json.get(i), params.get(i), JsonPath.ROOT.index(i)));
            }
        } else if (json.isObject()) {
            Set<String> names = new HashSet<>();
            params.forEach(p -> names.add(p.name()));
            for (String name : json.propertyNames()) {
                if (!names.contains(name)) {
                    throw new JsonValueException("$", "there is no parameter '" + name + "' in " + signature(params));
                }
            }
            for (Field p : params) {
                if (!json.has(p.name())) {
                    throw new JsonValueException("$", "missing the argument for parameter '" + p.name() + "' ("
                            + shortWit(p.type()) + ")");
                }
            }
            for (Field p : params) {
                args.add(argument(json.get(p.name()), p, JsonPath.ROOT.member(p.name())));
            }
        } else {
            throw new JsonValueException("$", "expected the arguments as an array (one element per parameter) or an"
                    + " object (by parameter name) for " + signature(params) + ", got " + describe(json));
        }
        return args;
    }

    /** {@link #arguments(JsonNode, FuncType)} of JSON text. */
    public static List<Value> arguments(String json, FuncType function) {
        return arguments(parse(json), function);
    }

    /**
     * The results of a call as JSON: a function's one result as its value, several results as an array,
     * none as {@code null}.
     */
    public static JsonNode results(List<Value> results, FuncType function) {
        List<ValueType> types = function.results();
        if (results.size() != types.size()) {
            throw new JsonValueException("$", "expected " + count(types.size(), "result") + ", got " + results.size());
        }
        if (types.isEmpty()) {
            return NODES.nullNode();
        }
        if (types.size() == 1) {
            return toJson(results.get(0), types.get(0));
        }
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < types.size(); i++) {
            out.add(write(results.get(i), types.get(i), JsonPath.ROOT.index(i)));
        }
        return out;
    }

    private static Value argument(JsonNode json, Field param, JsonPath path) {
        try {
            return read(json, param.type(), path);
        } catch (JsonValueException e) {
            String message = e.getMessage().substring(("at " + e.path() + ": ").length());
            throw new JsonValueException(e.path() + " (parameter " + param.name() + ")", message);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Value -> JSON

    private static JsonNode write(Value value, ValueType type, JsonPath path) {
        if (type instanceof Primitive p) {
            return writePrimitive(value, p, path);
        }
        if (type instanceof ListType l) {
            Value.ListOf list = cast(value, Value.ListOf.class, type, path);
            if (l.element() == Primitive.U8 && list.isCompact()) {
                byte[] bytes = list.asBytes().orElseThrow();
                ArrayNode out = NODES.arrayNode(bytes.length);
                for (byte b : bytes) {
                    out.add(b & 0xFF);
                }
                return out;
            }
            ArrayNode out = NODES.arrayNode(list.elements().size());
            for (int i = 0; i < list.elements().size(); i++) {
                out.add(write(list.elements().get(i), l.element(), path.index(i)));
            }
            return out;
        }
        if (type instanceof RecordType r) {
            Value.Record record = cast(value, Value.Record.class, type, path);
            ObjectNode out = NODES.objectNode();
            for (Field f : r.fields()) {
                Value field = record.fields().get(f.name());
                if (field == null) {
                    throw new JsonValueException(path.toString(), "the record value has no field '" + f.name() + "'");
                }
                out.set(f.name(), write(field, f.type(), path.member(f.name())));
            }
            if (record.fields().size() != r.fields().size()) {
                throw new JsonValueException(path.toString(), "the record value has fields " + record.fields().keySet()
                        + ", the type " + r.fields().stream().map(Field::name).toList());
            }
            return out;
        }
        if (type instanceof TupleType t) {
            Value.Tuple tuple = cast(value, Value.Tuple.class, type, path);
            if (tuple.elements().size() != t.elements().size()) {
                throw new JsonValueException(path.toString(), "the tuple value has " + tuple.elements().size()
                        + " elements, its type " + t.elements().size());
            }
            ArrayNode out = NODES.arrayNode(t.elements().size());
            for (int i = 0; i < t.elements().size(); i++) {
                out.add(write(tuple.elements().get(i), t.elements().get(i), path.index(i)));
            }
            return out;
        }
        if (type instanceof VariantType v) {
            Value.Variant variant = cast(value, Value.Variant.class, type, path);
            Case c = v.cases().stream().filter(x -> x.name().equals(variant.caseName())).findFirst()
                    .orElseThrow(() -> new JsonValueException(path.toString(), "the variant has no case '"
                            + variant.caseName() + "' (its cases: " + v.cases().stream().map(Case::name).toList()
                            + ")"));
            ObjectNode out = NODES.objectNode();
            out.set(c.name(), writePayload(variant.payload(), c.payload(), "case '" + c.name() + "'",
                    path.member(c.name())));
            return out;
        }
        if (type instanceof EnumType e) {
            Value.Enum en = cast(value, Value.Enum.class, type, path);
            if (!e.cases().contains(en.caseName())) {
                throw new JsonValueException(path.toString(), "the enum has no case '" + en.caseName()
                        + "' (its cases: " + e.cases() + ")");
            }
            return NODES.stringNode(en.caseName());
        }
        if (type instanceof OptionType o) {
            Value.Option option = cast(value, Value.Option.class, type, path);
            if (option.value().isEmpty()) {
                return NODES.nullNode();
            }
            if (o.some() instanceof OptionType) {
                ObjectNode out = NODES.objectNode();
                out.set("some", write(option.value().get(), o.some(), path.member("some")));
                return out;
            }
            return write(option.value().get(), o.some(), path);
        }
        if (type instanceof ResultType r) {
            Value.Result result = cast(value, Value.Result.class, type, path);
            String side = result.ok() ? "ok" : "err";
            ObjectNode out = NODES.objectNode();
            out.set(side, writePayload(result.payload(), result.ok() ? r.ok() : r.error(), side, path.member(side)));
            return out;
        }
        if (type instanceof FlagsType f) {
            Value.Flags flags = cast(value, Value.Flags.class, type, path);
            ArrayNode out = NODES.arrayNode();
            for (String name : f.names()) {
                if (flags.set().contains(name)) {
                    out.add(name);
                }
            }
            if (out.size() != flags.set().size()) {
                Set<String> unknown = new HashSet<>(flags.set());
                f.names().forEach(unknown::remove);
                throw new JsonValueException(path.toString(), "flags " + unknown + " are not in " + f.names());
            }
            return out;
        }
        if (type instanceof OwnType || type instanceof BorrowType) {
            return integerNode(Integer.toUnsignedLong(cast(value, Value.Handle.class, type, path).index()));
        }
        throw new IllegalStateException("unknown type " + type);
    }

    private static JsonNode writePayload(Optional<Value> payload, Optional<ValueType> type, String what,
            JsonPath path) {
        if (type.isEmpty()) {
            if (payload.isPresent()) {
                throw new JsonValueException(path.toString(), what + " has no payload, the value has one");
            }
            return NODES.nullNode();
        }
        if (payload.isEmpty()) {
            throw new JsonValueException(path.toString(), what + " has a payload of type " + shortWit(type.get())
                    + ", the value has none");
        }
        return write(payload.get(), type.get(), path);
    }

    private static JsonNode writePrimitive(Value value, Primitive type, JsonPath path) {
        switch (type) {
            case BOOL:
                return NODES.booleanNode(cast(value, Value.Bool.class, type, path).value());
            case S8:
                return integerNode(cast(value, Value.S8.class, type, path).value());
            case U8:
                return integerNode(cast(value, Value.U8.class, type, path).value());
            case S16:
                return integerNode(cast(value, Value.S16.class, type, path).value());
            case U16:
                return integerNode(cast(value, Value.U16.class, type, path).value());
            case S32:
                return integerNode(cast(value, Value.S32.class, type, path).value());
            case U32:
                return integerNode(cast(value, Value.U32.class, type, path).value());
            case S64:
                return integerNode(cast(value, Value.S64.class, type, path).value());
            case U64: {
                long bits = cast(value, Value.U64.class, type, path).bits();
                return bits >= 0 ? integerNode(bits)
                        : NODES.numberNode(new BigInteger(Long.toUnsignedString(bits)));
            }
            case F32: {
                float f = cast(value, Value.F32.class, type, path).value();
                return Float.isFinite(f) ? NODES.numberNode(f) : NODES.stringNode(nonFinite(f));
            }
            case F64: {
                double d = cast(value, Value.F64.class, type, path).value();
                return Double.isFinite(d) ? NODES.numberNode(d) : NODES.stringNode(nonFinite(d));
            }
            case CHAR:
                return NODES.stringNode(Character.toString(cast(value, Value.Char.class, type, path).codePoint()));
            case STRING:
                return NODES.stringNode(cast(value, Value.Str.class, type, path).value());
            default:
                throw new IllegalStateException("unknown primitive " + type);
        }
    }

    /** The node Jackson's parser makes of the same number, so that written and parsed trees compare equal. */
    private static JsonNode integerNode(long n) {
        return n == (int) n ? NODES.numberNode((int) n) : NODES.numberNode(n);
    }

    private static String nonFinite(double d) {
        return Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
    }

    private static <T extends Value> T cast(Value value, Class<T> kind, ValueType type, JsonPath path) {
        if (!kind.isInstance(value)) {
            throw new JsonValueException(path.toString(), "a value of type " + shortWit(type) + " is a Value."
                    + kind.getSimpleName() + ", not " + value);
        }
        return kind.cast(value);
    }

    // ---------------------------------------------------------------------------------------------
    // JSON -> Value

    private static Value read(JsonNode json, ValueType type, JsonPath path) {
        if (json == null || json.isMissingNode()) {
            throw new JsonValueException(path.toString(), "expected " + expected(type) + ", got nothing");
        }
        if (type instanceof Primitive p) {
            return readPrimitive(json, p, path);
        }
        if (type instanceof ListType l) {
            if (json.isString() && l.element() == Primitive.U8) {
                return bytes(json.stringValue(), path);
            }
            requireArray(json, type, path);
            List<Value> elements = new ArrayList<>(json.size());
            for (int i = 0; i < json.size(); i++) {
                elements.add(read(json.get(i), l.element(), path.index(i)));
            }
            return new Value.ListOf(elements);
        }
        if (type instanceof RecordType r) {
            requireObject(json, type, path);
            Map<String, Value> fields = new LinkedHashMap<>();
            for (String name : json.propertyNames()) {
                if (r.fields().stream().noneMatch(f -> f.name().equals(name))) {
                    throw new JsonValueException(path.toString(), "the record has no field '" + name + "' (its fields: "
                            + r.fields().stream().map(Field::name).toList() + ")");
                }
            }
            for (Field f : r.fields()) {
                if (!json.has(f.name())) {
                    throw new JsonValueException(path.toString(), "missing field '" + f.name() + "' ("
                            + shortWit(f.type()) + ")");
                }
                fields.put(f.name(), read(json.get(f.name()), f.type(), path.member(f.name())));
            }
            return new Value.Record(fields);
        }
        if (type instanceof TupleType t) {
            requireArray(json, type, path);
            if (json.size() != t.elements().size()) {
                throw new JsonValueException(path.toString(), "expected " + expected(type) + ", got "
                        + describe(json));
            }
            List<Value> elements = new ArrayList<>();
            for (int i = 0; i < t.elements().size(); i++) {
                elements.add(read(json.get(i), t.elements().get(i), path.index(i)));
            }
            return new Value.Tuple(elements);
        }
        if (type instanceof VariantType v) {
            List<String> names = v.cases().stream().map(Case::name).toList();
            if (json.isString()) {
                Case c = findCase(v, json.stringValue(), path);
                if (c.payload().isPresent()) {
                    throw new JsonValueException(path.toString(), "case '" + c.name() + "' has a payload ("
                            + shortWit(c.payload().get()) + "): write {\"" + c.name() + "\": ...}");
                }
                return new Value.Variant(c.name(), Optional.empty());
            }
            String name = singleMember(json, type, names, path);
            Case c = findCase(v, name, path);
            return new Value.Variant(c.name(), readPayload(json.get(name), c.payload(), "case '" + name + "'",
                    path.member(name)));
        }
        if (type instanceof EnumType e) {
            if (!json.isString()) {
                throw mismatch(json, type, path);
            }
            if (!e.cases().contains(json.stringValue())) {
                throw new JsonValueException(path.toString(), "expected one of " + e.cases() + ", got "
                        + describe(json));
            }
            return new Value.Enum(json.stringValue());
        }
        if (type instanceof OptionType o) {
            if (json.isNull()) {
                return new Value.Option(Optional.empty());
            }
            if (o.some() instanceof OptionType) {
                String name = singleMember(json, type, List.of("some"), path);
                if (!name.equals("some")) {
                    throw mismatch(json, type, path);
                }
                return new Value.Option(Optional.of(read(json.get("some"), o.some(), path.member("some"))));
            }
            return new Value.Option(Optional.of(read(json, o.some(), path)));
        }
        if (type instanceof ResultType r) {
            String name = singleMember(json, type, List.of("ok", "err"), path);
            boolean ok = name.equals("ok");
            if (!ok && !name.equals("err")) {
                throw new JsonValueException(path.toString(), "expected " + expected(type) + ", got a member '"
                        + name + "'");
            }
            return new Value.Result(ok, readPayload(json.get(name), ok ? r.ok() : r.error(), name, path.member(name)));
        }
        if (type instanceof FlagsType f) {
            requireArray(json, type, path);
            Set<String> set = new HashSet<>();
            for (int i = 0; i < json.size(); i++) {
                JsonNode flag = json.get(i);
                if (!flag.isString() || !f.names().contains(flag.stringValue())) {
                    throw new JsonValueException(path.index(i).toString(), "expected one of the flags " + f.names()
                            + ", got " + describe(flag));
                }
                if (!set.add(flag.stringValue())) {
                    throw new JsonValueException(path.index(i).toString(), "flag '" + flag.stringValue()
                            + "' is given twice");
                }
            }
            return new Value.Flags(set);
        }
        if (type instanceof OwnType || type instanceof BorrowType) {
            BigInteger handle = integer(json, type, path);
            if (handle.signum() < 0 || handle.bitLength() > 32) {
                throw new JsonValueException(path.toString(), "a handle is 0..4294967295, not " + handle);
            }
            return new Value.Handle(handle.intValue());
        }
        throw new IllegalStateException("unknown type " + type);
    }

    private static Case findCase(VariantType v, String name, JsonPath path) {
        return v.cases().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new JsonValueException(path.toString(), "expected one of the cases "
                        + v.cases().stream().map(Case::name).toList() + ", got '" + name + "'"));
    }

    /** The one member name of an object such as {@code {"ok": 1}}. */
    private static String singleMember(JsonNode json, ValueType type, List<String> names, JsonPath path) {
        if (!json.isObject() || json.size() != 1) {
            throw mismatch(json, type, path);
        }
        return json.propertyNames().iterator().next();
    }

    private static Optional<Value> readPayload(JsonNode json, Optional<ValueType> type, String what, JsonPath path) {
        if (type.isEmpty()) {
            if (!json.isNull()) {
                throw new JsonValueException(path.toString(), what + " has no payload: expected null, got "
                        + describe(json));
            }
            return Optional.empty();
        }
        return Optional.of(read(json, type.get(), path));
    }

    private static Value bytes(String base64, JsonPath path) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new JsonValueException(path.toString(), "expected list<u8> as an array of numbers or a base64"
                    + " string, got a string that is not base64 (" + e.getMessage() + ")");
        }
        return Value.ListOf.ofBytes(bytes);
    }

    private static Value readPrimitive(JsonNode json, Primitive type, JsonPath path) {
        switch (type) {
            case BOOL:
                if (!json.isBoolean()) {
                    throw mismatch(json, type, path);
                }
                return new Value.Bool(json.booleanValue());
            case S8:
                return new Value.S8((byte) ranged(json, type, path, -128, 127));
            case U8:
                return new Value.U8((int) ranged(json, type, path, 0, 0xFF));
            case S16:
                return new Value.S16((short) ranged(json, type, path, Short.MIN_VALUE, Short.MAX_VALUE));
            case U16:
                return new Value.U16((int) ranged(json, type, path, 0, 0xFFFF));
            case S32:
                return new Value.S32((int) ranged(json, type, path, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case U32:
                return new Value.U32(ranged(json, type, path, 0, 0xFFFF_FFFFL));
            case S64:
                return new Value.S64(ranged(json, type, path, Long.MIN_VALUE, Long.MAX_VALUE));
            case U64: {
                BigInteger n = integer(json, type, path);
                if (n.signum() < 0 || n.compareTo(U64_MAX) > 0) {
                    throw outOfRange(type, n, path);
                }
                return new Value.U64(n.longValue());
            }
            case F32:
                return new Value.F32((float) floating(json, type, path));
            case F64:
                return new Value.F64(floating(json, type, path));
            case CHAR: {
                if (!json.isString() || json.stringValue().isEmpty()
                        || json.stringValue().codePointCount(0, json.stringValue().length()) != 1) {
                    throw mismatch(json, type, path);
                }
                try {
                    return new Value.Char(json.stringValue().codePointAt(0));
                } catch (InvalidValueException e) {
                    throw new JsonValueException(path.toString(), e.getMessage());
                }
            }
            case STRING:
                if (!json.isString()) {
                    throw mismatch(json, type, path);
                }
                try {
                    return new Value.Str(json.stringValue());
                } catch (InvalidValueException e) {
                    throw new JsonValueException(path.toString(), e.getMessage());
                }
            default:
                throw new IllegalStateException("unknown primitive " + type);
        }
    }

    private static long ranged(JsonNode json, Primitive type, JsonPath path, long min, long max) {
        BigInteger n = integer(json, type, path);
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            throw outOfRange(type, n, path);
        }
        return n.longValue();
    }

    private static JsonValueException outOfRange(ValueType type, BigInteger n, JsonPath path) {
        return new JsonValueException(path.toString(), "expected " + expected(type) + ", got " + n
                + ", which is out of range");
    }

    /** An integer: a JSON number without a fraction, or a decimal string (for 64-bit values past 2^53). */
    private static BigInteger integer(JsonNode json, ValueType type, JsonPath path) {
        if (json.isIntegralNumber()) {
            return json.bigIntegerValue();
        }
        if (json.isNumber()) {
            BigDecimal d = json.decimalValue();
            try {
                if (d.abs().compareTo(BigDecimal.valueOf(Double.MAX_VALUE)) <= 0) {
                    return d.toBigIntegerExact();
                }
            } catch (ArithmeticException e) {
                // a fraction: refused below
            }
            throw new JsonValueException(path.toString(), "expected " + expected(type) + ", got " + describe(json)
                    + ", which is not an integer");
        }
        if (json.isString() && (type == Primitive.S64 || type == Primitive.U64)) {
            String text = json.stringValue();
            if (text.length() <= MAX_INTEGER_TEXT && text.matches("-?[0-9]+")) {
                return new BigInteger(text);
            }
            throw new JsonValueException(path.toString(), "expected " + expected(type) + ", got " + describe(json)
                    + ", which is not a decimal integer");
        }
        throw mismatch(json, type, path);
    }

    private static double floating(JsonNode json, Primitive type, JsonPath path) {
        if (json.isNumber()) {
            return json.doubleValue();
        }
        if (json.isString()) {
            switch (json.stringValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw mismatch(json, type, path);
    }

    /** "expected (what the type's JSON looks like), got (what it is)". */
    private static JsonValueException mismatch(JsonNode json, ValueType type, JsonPath path) {
        return new JsonValueException(path.toString(), "expected " + expected(type) + ", got " + describe(json));
    }

    private static void requireArray(JsonNode json, ValueType type, JsonPath path) {
        if (!json.isArray()) {
            throw mismatch(json, type, path);
        }
    }

    private static void requireObject(JsonNode json, ValueType type, JsonPath path) {
        if (!json.isObject()) {
            throw mismatch(json, type, path);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Messages

    /** What the JSON of {@code type} looks like, for "expected ..." in messages. */
    static String expected(ValueType type) {
        if (type instanceof Primitive p) {
            switch (p) {
                case BOOL:
                    return "true or false (bool)";
                case S8:
                    return "an integer -128..127 (s8)";
                case U8:
                    return "an integer 0..255 (u8)";
                case S16:
                    return "an integer -32768..32767 (s16)";
                case U16:
                    return "an integer 0..65535 (u16)";
                case S32:
                    return "an integer -2147483648..2147483647 (s32)";
                case U32:
                    return "an integer 0..4294967295 (u32)";
                case S64:
                    return "an integer -2^63..2^63-1, a number or a decimal string (s64)";
                case U64:
                    return "an integer 0..2^64-1, a number or a decimal string (u64)";
                case F32:
                case F64:
                    return "a number, or \"NaN\", \"Infinity\" or \"-Infinity\" (" + p.wit() + ")";
                case CHAR:
                    return "a string of one Unicode scalar value (char)";
                default:
                    return "a string";
            }
        }
        if (type instanceof ListType l) {
            return "an array (" + shortWit(l) + ")" + (l.element() == Primitive.U8 ? " or a base64 string" : "");
        }
        if (type instanceof RecordType) {
            return "an object with the record's fields (" + shortWit(type) + ")";
        }
        if (type instanceof TupleType t) {
            return "an array of " + t.elements().size() + " (" + shortWit(type) + ")";
        }
        if (type instanceof VariantType v) {
            return "an object with one member named by the case, one of "
                    + v.cases().stream().map(Case::name).toList() + " (" + shortWit(type) + ")";
        }
        if (type instanceof EnumType e) {
            return "a string, one of " + e.cases();
        }
        if (type instanceof OptionType o) {
            return o.some() instanceof OptionType ? "null or {\"some\": ...} (" + shortWit(type) + ")"
                    : "null or " + expected(o.some());
        }
        if (type instanceof ResultType) {
            return "{\"ok\": ...} or {\"err\": ...} (" + shortWit(type) + ")";
        }
        if (type instanceof FlagsType f) {
            return "an array of flag names from " + f.names();
        }
        return "a handle, an integer 0..4294967295 (" + shortWit(type) + ")";
    }

    /** A JSON value as messages show it: its kind and, if short, itself. */
    static String describe(JsonNode json) {
        if (json.isNull()) {
            return "null";
        }
        if (json.isObject()) {
            List<String> names = new ArrayList<>(json.propertyNames());
            return json.isEmpty() ? "an empty object" : "an object with " + count(names.size(), "member") + " "
                    + abbreviate(names.toString(), 80);
        }
        if (json.isArray()) {
            return "an array of " + json.size();
        }
        if (json.isString()) {
            return "the string " + abbreviate(MAPPER.writeValueAsString(json), 60);
        }
        if (json.isNumber()) {
            return "the number " + abbreviate(json.toString(), 60);
        }
        if (json.isBoolean()) {
            return json.booleanValue() ? "true" : "false";
        }
        return abbreviate(json.toString(), 60);
    }

    private static String signature(List<Field> params) {
        return "(" + String.join(", ", params.stream().map(p -> p.name() + ": " + shortWit(p.type())).toList()) + ")";
    }

    private static String shortWit(ValueType type) {
        return abbreviate(type.wit(), 80);
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
