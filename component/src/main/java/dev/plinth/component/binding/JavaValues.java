package dev.plinth.component.binding;

import dev.plinth.component.type.ResourceType;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.value.InvalidValueException;
import dev.plinth.component.value.Value;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Converts between the Java types {@code plinth bindgen} generates (or hand-written ones shaped and annotated
 * like them) and {@link Value}s of a WIT {@link ValueType}: records by their {@link Wit} field names, sealed
 * variants by their cases' {@code @Wit} names, enums and {@code EnumSet} flags by their constants' names,
 * {@code Optional}, {@link Result}, {@link Tuple}, {@code List} ({@code byte[]} for {@code list<u8>}),
 * primitives in the ranges {@code Value} uses ({@code u8}/{@code u16}/{@code char} as {@code int},
 * {@code u32} as {@code long}, {@code u64} as the {@code long}'s 64 bits), and resource handles through
 * {@link Handles}. {@link Value} itself passes through unconverted. The WIT type drives the conversion, so
 * a runtime that calls a component through a generated interface converts by the export's {@code FuncType}.
 * {@link #mismatch} compares a Java type with a WIT type before any call. Thread-safe.
 */
public final class JavaValues {
    private final Handles handles;

    /** A converter that refuses resource handles (nothing binds them to Java objects). */
    public JavaValues() {
        this(Handles.NONE);
    }

    /** @param handles binds resource handles to the generated resource interfaces and back */
    public JavaValues(Handles handles) {
        this.handles = Objects.requireNonNull(handles, "handles");
    }

    /**
     * How resource handles become Java objects of a generated resource interface and back: a handle is only
     * meaningful to the component instance that made it, so the caller who holds that instance decides.
     */
    public interface Handles {
        /** Refuses both ways, naming the resource. */
        Handles NONE = new Handles() {
            @Override
            public Value.Handle handle(Object resource, ResourceType type) {
                throw new InvalidValueException("resource " + type.name() + " cannot be passed here: no handles are bound");
            }

            @Override
            public Object resource(Value.Handle handle, Class<?> javaType, ResourceType type) {
                throw new InvalidValueException("resource " + type.name() + " cannot be received here: no handles are bound");
            }
        };

        /** The handle behind {@code resource}, a Java object of a resource interface. */
        Value.Handle handle(Object resource, ResourceType type);

        /** A Java object of {@code javaType} (a generated resource interface) for {@code handle}. */
        Object resource(Value.Handle handle, Class<?> javaType, ResourceType type);
    }

    /**
     * {@code java}, declared as {@code javaType}, as a value of {@code type}.
     *
     * @throws InvalidValueException when it does not fit, saying where (e.g. {@code request.payload: ...})
     */
    public Value toValue(Object java, Type javaType, ValueType type) {
        return toValue(java, javaType, type, "value");
    }

    /**
     * {@code value}, of WIT type {@code type}, as a Java object of {@code javaType} (boxed for a primitive).
     *
     * @throws InvalidValueException when it does not fit, saying where
     */
    public Object toJava(Value value, Type javaType, ValueType type) {
        return toJava(value, javaType, type, "value");
    }

    /**
     * The first difference between a Java type and a WIT type, as a sentence naming where it is
     * ({@code value.payload: case binary: byte[] expected for list<u8>, found String}); empty when they match.
     */
    public static Optional<String> mismatch(Type javaType, ValueType type) {
        try {
            check(javaType, type, "value");
            return Optional.empty();
        } catch (InvalidValueException e) {
            return Optional.of(e.getMessage());
        }
    }

    // ---- Java -> Value

    private Value toValue(Object java, Type javaType, ValueType type, String path) {
        if (java instanceof Value v) {
            return v;
        }
        if (java == null) {
            throw invalid(path, "null where a " + type.wit() + " belongs");
        }
        try {
            return lower(java, javaType, type, path);
        } catch (ClassCastException e) {
            throw invalid(path, java.getClass().getSimpleName() + " does not fit " + type.wit());
        }
    }

    private Value lower(Object java, Type javaType, ValueType type, String path) {
        if (type instanceof ValueType.Primitive p) {
            try {
                return primitive(java, p, path);
            } catch (InvalidValueException e) {
                throw e.getMessage().startsWith(path + ":") ? e : invalid(path, e.getMessage());
            }
        }
        return composite(java, javaType, type, path);
    }

    private static Value primitive(Object java, ValueType.Primitive p, String path) {
            return switch (p) {
                case BOOL -> new Value.Bool((Boolean) java);
                case S8 -> new Value.S8(((Number) java).byteValue());
                case U8 -> new Value.U8(exactInt(java, path));
                case S16 -> new Value.S16(((Number) java).shortValue());
                case U16 -> new Value.U16(exactInt(java, path));
                case S32 -> new Value.S32(exactInt(java, path));
                case U32 -> new Value.U32(((Number) java).longValue());
                case S64 -> new Value.S64(((Number) java).longValue());
                case U64 -> new Value.U64(((Number) java).longValue());
                case F32 -> new Value.F32(((Number) java).floatValue());
                case F64 -> new Value.F64(((Number) java).doubleValue());
                case CHAR -> new Value.Char(java instanceof Character c ? c : exactInt(java, path));
                case STRING -> new Value.Str((String) java);
            };
    }

    private Value composite(Object java, Type javaType, ValueType type, String path) {
        if (type instanceof ValueType.ListType l) {
            List<Value> out = new ArrayList<>();
            if (java instanceof byte[] bytes) {
                for (byte b : bytes) {
                    out.add(new Value.U8(b & 0xFF));
                }
                return new Value.ListOf(out);
            }
            Type element = argument(javaType, 0);
            int i = 0;
            for (Object e : (List<?>) java) {
                out.add(toValue(e, element, l.element(), path + "[" + i++ + "]"));
            }
            return new Value.ListOf(out);
        }
        if (type instanceof ValueType.RecordType r) {
            Class<?> cls = java.getClass();
            Map<String, RecordComponent> components = components(cls, path);
            Map<String, Value> fields = new LinkedHashMap<>();
            for (ValueType.Field f : r.fields()) {
                RecordComponent c = components.get(f.name());
                if (c == null) {
                    throw invalid(path, cls.getSimpleName() + " has no component for field " + f.name());
                }
                fields.put(f.name(), toValue(read(c, java), c.getGenericType(), f.type(), path + "." + f.name()));
            }
            return new Value.Record(fields);
        }
        if (type instanceof ValueType.TupleType t) {
            RecordComponent[] components = java.getClass().getRecordComponents();
            if (!(java instanceof Tuple) || components.length != t.elements().size()) {
                throw invalid(path, java.getClass().getSimpleName() + " is not a tuple of " + t.elements().size());
            }
            List<Value> out = new ArrayList<>();
            for (int i = 0; i < components.length; i++) {
                out.add(toValue(read(components[i], java), argument(javaType, i), t.elements().get(i),
                        path + "." + i));
            }
            return new Value.Tuple(out);
        }
        if (type instanceof ValueType.VariantType v) {
            Class<?> cls = java.getClass();
            String name = witName(cls, cls.getSimpleName());
            ValueType.Case c = v.cases().stream().filter(k -> k.name().equals(name)).findFirst()
                    .orElseThrow(() -> invalid(path, "case " + name + " is not one of " + type.wit()));
            RecordComponent[] components = cls.getRecordComponents();
            if (c.payload().isEmpty()) {
                return new Value.Variant(name, Optional.empty());
            }
            if (components == null || components.length != 1) {
                throw invalid(path, "case " + name + " needs one payload component");
            }
            return new Value.Variant(name, Optional.of(toValue(read(components[0], java),
                    components[0].getGenericType(), c.payload().get(), path + "(" + name + ")")));
        }
        if (type instanceof ValueType.EnumType e) {
            String name = constantName((Enum<?>) java);
            if (!e.cases().contains(name)) {
                throw invalid(path, "case " + name + " is not one of " + type.wit());
            }
            return new Value.Enum(name);
        }
        if (type instanceof ValueType.FlagsType f) {
            Set<String> set = new LinkedHashSet<>();
            for (Object flag : (Set<?>) java) {
                String name = constantName((Enum<?>) flag);
                if (!f.names().contains(name)) {
                    throw invalid(path, "flag " + name + " is not one of " + type.wit());
                }
                set.add(name);
            }
            return new Value.Flags(set);
        }
        if (type instanceof ValueType.OptionType o) {
            Optional<?> opt = (Optional<?>) java;
            return new Value.Option(opt.map(x -> toValue(x, argument(javaType, 0), o.some(), path + "?")));
        }
        if (type instanceof ValueType.ResultType r) {
            Result<?, ?> result = (Result<?, ?>) java;
            if (result instanceof Result.Ok<?, ?> ok) {
                return new Value.Result(true, side(ok.value(), argument(javaType, 0), r.ok(), path + ".ok"));
            }
            Result.Err<?, ?> err = (Result.Err<?, ?>) result;
            return new Value.Result(false, side(err.error(), argument(javaType, 1), r.error(), path + ".err"));
        }
        if (type instanceof ValueType.OwnType o) {
            return java instanceof Value.Handle h ? h : handles.handle(java, o.resource());
        }
        if (type instanceof ValueType.BorrowType b) {
            return handles.handle(java, b.resource());
        }
        throw invalid(path, "no conversion to " + type.wit());
    }

    private Optional<Value> side(Object java, Type javaType, Optional<ValueType> type, String path) {
        if (type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toValue(java, javaType, type.get(), path));
    }

    private static int exactInt(Object java, String path) {
        long v = ((Number) java).longValue();
        if (v != (int) v) {
            throw invalid(path, v + " is not an int");
        }
        return (int) v;
    }

    // ---- Value -> Java

    private Object toJava(Value value, Type javaType, ValueType type, String path) {
        if (javaType == Value.class || (javaType instanceof Class<?> c && Value.class.isAssignableFrom(c)
                && c.isInstance(value))) {
            return value;
        }
        try {
            return lift(value, javaType, type, path);
        } catch (ClassCastException e) {
            throw invalid(path, value + " does not fit " + type.wit());
        }
    }

    private Object lift(Value value, Type javaType, ValueType type, String path) {
        if (type instanceof ValueType.Primitive p) {
            Class<?> raw = raw(javaType);
            return switch (p) {
                case BOOL -> ((Value.Bool) value).value();
                case S8 -> ((Value.S8) value).value();
                case U8 -> ((Value.U8) value).value();
                case S16 -> ((Value.S16) value).value();
                case U16 -> ((Value.U16) value).value();
                case S32 -> ((Value.S32) value).value();
                case U32 -> ((Value.U32) value).value();
                case S64 -> ((Value.S64) value).value();
                case U64 -> ((Value.U64) value).bits();
                case F32 -> ((Value.F32) value).value();
                case F64 -> ((Value.F64) value).value();
                case CHAR -> raw == char.class || raw == Character.class
                        ? Character.valueOf((char) ((Value.Char) value).codePoint()) : ((Value.Char) value).codePoint();
                case STRING -> ((Value.Str) value).value();
            };
        }
        if (type instanceof ValueType.ListType l) {
            List<Value> elements = ((Value.ListOf) value).elements();
            if (isBytes(javaType)) {
                byte[] bytes = new byte[elements.size()];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) ((Value.U8) elements.get(i)).value();
                }
                return bytes;
            }
            Type element = argument(javaType, 0);
            List<Object> out = new ArrayList<>(elements.size());
            for (int i = 0; i < elements.size(); i++) {
                out.add(toJava(elements.get(i), element, l.element(), path + "[" + i + "]"));
            }
            return java.util.Collections.unmodifiableList(out);
        }
        if (type instanceof ValueType.RecordType r) {
            Class<?> cls = raw(javaType);
            Map<String, RecordComponent> components = components(cls, path);
            Map<String, Value> fields = ((Value.Record) value).fields();
            RecordComponent[] order = cls.getRecordComponents();
            Object[] args = new Object[order.length];
            for (ValueType.Field f : r.fields()) {
                RecordComponent c = components.get(f.name());
                Value field = fields.get(f.name());
                if (c == null || field == null) {
                    throw invalid(path, "field " + f.name() + " is missing");
                }
                args[indexOf(order, c)] = toJava(field, c.getGenericType(), f.type(),
                        path + "." + f.name());
            }
            return construct(cls, order, args, path);
        }
        if (type instanceof ValueType.TupleType t) {
            List<Value> elements = ((Value.Tuple) value).elements();
            Class<?> cls = raw(javaType);
            RecordComponent[] order = cls.getRecordComponents();
            if (order == null || order.length != elements.size() || !Tuple.class.isAssignableFrom(cls)) {
                throw invalid(path, cls.getSimpleName() + " is not a tuple of " + elements.size());
            }
            Object[] args = new Object[order.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = toJava(elements.get(i), argument(javaType, i), t.elements().get(i), path + "." + i);
            }
            return construct(cls, order, args, path);
        }
        if (type instanceof ValueType.VariantType v) {
            Value.Variant variant = (Value.Variant) value;
            Class<?> cls = caseClass(raw(javaType), variant.caseName(), path);
            RecordComponent[] order = cls.getRecordComponents();
            ValueType.Case c = v.cases().stream().filter(k -> k.name().equals(variant.caseName())).findFirst()
                    .orElseThrow(() -> invalid(path, "case " + variant.caseName() + " is not one of " + type.wit()));
            Object[] args = new Object[order.length];
            if (c.payload().isPresent()) {
                args[0] = toJava(variant.payload().orElseThrow(() -> invalid(path, "case " + c.name()
                        + " has no payload")), order[0].getGenericType(), c.payload().get(), path + "(" + c.name() + ")");
            }
            return construct(cls, order, args, path);
        }
        if (type instanceof ValueType.EnumType) {
            return constant(raw(javaType), ((Value.Enum) value).caseName(), path);
        }
        if (type instanceof ValueType.FlagsType) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Class<Enum> flag = (Class<Enum>) raw(argument(javaType, 0));
            @SuppressWarnings({"unchecked", "rawtypes"})
            EnumSet set = EnumSet.noneOf(flag);
            for (String name : ((Value.Flags) value).set()) {
                set.add(constant(flag, name, path));
            }
            return set;
        }
        if (type instanceof ValueType.OptionType o) {
            return ((Value.Option) value).value().map(x -> toJava(x, argument(javaType, 0), o.some(), path + "?"));
        }
        if (type instanceof ValueType.ResultType r) {
            Value.Result result = (Value.Result) value;
            if (result.ok()) {
                return Result.ok(sideJava(result.payload(), argument(javaType, 0), r.ok(), path + ".ok"));
            }
            return Result.err(sideJava(result.payload(), argument(javaType, 1), r.error(), path + ".err"));
        }
        if (type instanceof ValueType.OwnType o) {
            return raw(javaType) == Value.Handle.class ? value
                    : handles.resource((Value.Handle) value, raw(javaType), o.resource());
        }
        if (type instanceof ValueType.BorrowType b) {
            return handles.resource((Value.Handle) value, raw(javaType), b.resource());
        }
        throw invalid(path, "no conversion from " + type.wit());
    }

    private Object sideJava(Optional<Value> payload, Type javaType, Optional<ValueType> type, String path) {
        if (type.isEmpty()) {
            return null;
        }
        return toJava(payload.orElseThrow(() -> invalid(path, "no payload")), javaType, type.get(), path);
    }

    private static int indexOf(RecordComponent[] order, RecordComponent c) {
        for (int i = 0; i < order.length; i++) {
            if (order[i].getName().equals(c.getName())) {
                return i;
            }
        }
        throw new IllegalStateException(c.getName());
    }

    private static Object construct(Class<?> cls, RecordComponent[] order, Object[] args, String path) {
        Class<?>[] types = new Class<?>[order.length];
        for (int i = 0; i < order.length; i++) {
            types[i] = order[i].getType();
        }
        try {
            var constructor = cls.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw invalid(path, cls.getSimpleName() + " refused the value: " + e.getCause().getMessage());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw invalid(path, cls.getSimpleName() + " cannot be made: " + e);
        }
    }

    private static Object read(RecordComponent c, Object record) {
        try {
            var accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(c + " failed", e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(c + " cannot be read: " + e, e);
        }
    }

    // ---- shapes

    private static void check(Type javaType, ValueType type, String path) {
        if (javaType == Value.class) {
            return;
        }
        Class<?> raw = raw(javaType);
        if (type instanceof ValueType.Primitive p) {
            List<Class<?>> fits = switch (p) {
                case BOOL -> List.of(boolean.class, Boolean.class);
                case S8 -> List.of(byte.class, Byte.class);
                case S16 -> List.of(short.class, Short.class);
                case U8, U16, S32 -> List.of(int.class, Integer.class);
                case CHAR -> List.of(int.class, Integer.class, char.class, Character.class);
                case U32, S64, U64 -> List.of(long.class, Long.class);
                case F32 -> List.of(float.class, Float.class);
                case F64 -> List.of(double.class, Double.class);
                case STRING -> List.of(String.class);
            };
            expect(fits.contains(raw), path, fits.get(0).getSimpleName(), type, javaType);
        } else if (type instanceof ValueType.ListType l) {
            if (l.element() == ValueType.Primitive.U8 && isBytes(javaType)) {
                return;
            }
            expect(raw == List.class, path, l.element() == ValueType.Primitive.U8 ? "byte[] or List" : "List", type,
                    javaType);
            check(argument(javaType, 0), l.element(), path + "[]");
        } else if (type instanceof ValueType.RecordType r) {
            expect(raw.isRecord(), path, "a record", type, javaType);
            Map<String, RecordComponent> components = components(raw, path);
            for (ValueType.Field f : r.fields()) {
                RecordComponent c = components.get(f.name());
                if (c == null) {
                    throw invalid(path, raw.getSimpleName() + " has no component for field " + f.name()
                            + " (it has " + String.join(", ", components.keySet()) + ")");
                }
                check(c.getGenericType(), f.type(), path + "." + f.name());
            }
            if (components.size() != r.fields().size()) {
                throw invalid(path, raw.getSimpleName() + " has " + components.size() + " components, "
                        + type.wit() + " " + r.fields().size() + " fields");
            }
        } else if (type instanceof ValueType.TupleType t) {
            expect(Tuple.class.isAssignableFrom(raw) && raw.isRecord()
                    && raw.getRecordComponents().length == t.elements().size(), path,
                    "Tuple.Of" + t.elements().size(), type, javaType);
            for (int i = 0; i < t.elements().size(); i++) {
                check(argument(javaType, i), t.elements().get(i), path + "." + i);
            }
        } else if (type instanceof ValueType.VariantType v) {
            expect(raw.isSealed(), path, "a sealed interface", type, javaType);
            for (ValueType.Case c : v.cases()) {
                Class<?> cls = caseClass(raw, c.name(), path);
                RecordComponent[] components = cls.getRecordComponents();
                if (c.payload().isEmpty()) {
                    if (components.length != 0) {
                        throw invalid(path, "case " + c.name() + " has no payload, " + cls.getSimpleName() + " has one");
                    }
                } else {
                    if (components.length != 1) {
                        throw invalid(path, "case " + c.name() + " has a payload, " + cls.getSimpleName() + " none");
                    }
                    check(components[0].getGenericType(), c.payload().get(), path + "(" + c.name() + ")");
                }
            }
            if (raw.getPermittedSubclasses().length != v.cases().size()) {
                throw invalid(path, raw.getSimpleName() + " has " + raw.getPermittedSubclasses().length + " cases, "
                        + type.wit() + " " + v.cases().size());
            }
        } else if (type instanceof ValueType.EnumType e) {
            expect(raw.isEnum(), path, "an enum", type, javaType);
            checkConstants(raw, e.cases(), path, type);
        } else if (type instanceof ValueType.FlagsType f) {
            expect(Set.class.isAssignableFrom(raw) && raw(argument(javaType, 0)).isEnum(), path, "EnumSet<an enum>",
                    type, javaType);
            checkConstants(raw(argument(javaType, 0)), f.names(), path, type);
        } else if (type instanceof ValueType.OptionType o) {
            expect(raw == Optional.class, path, "Optional", type, javaType);
            check(argument(javaType, 0), o.some(), path + "?");
        } else if (type instanceof ValueType.ResultType r) {
            expect(raw == Result.class, path, "Result", type, javaType);
            checkSide(argument(javaType, 0), r.ok(), path + ".ok");
            checkSide(argument(javaType, 1), r.error(), path + ".err");
        } else if (type instanceof ValueType.OwnType || type instanceof ValueType.BorrowType) {
            expect(raw.isInterface() || raw == Value.Handle.class, path, "a resource interface", type, javaType);
        }
    }

    private static void checkSide(Type javaType, Optional<ValueType> type, String path) {
        if (type.isEmpty()) {
            if (javaType != Void.class && javaType != Object.class) {
                throw invalid(path, "Void expected for a side without payload, found " + javaType.getTypeName());
            }
        } else {
            check(javaType, type.get(), path);
        }
    }

    private static void checkConstants(Class<?> enumType, List<String> names, String path, ValueType type) {
        Set<String> constants = new LinkedHashSet<>();
        for (Object constant : enumType.getEnumConstants()) {
            constants.add(constantName((Enum<?>) constant));
        }
        if (!constants.equals(new LinkedHashSet<>(names))) {
            throw invalid(path, enumType.getSimpleName() + " has " + String.join(", ", constants) + "; " + type.wit()
                    + " has " + String.join(", ", names));
        }
    }

    private static void expect(boolean ok, String path, String wanted, ValueType type, Type found) {
        if (!ok) {
            throw invalid(path, wanted + " expected for " + (type == null ? "no payload" : type.wit()) + ", found "
                    + found.getTypeName());
        }
    }

    // ---- reflection helpers

    private static Map<String, RecordComponent> components(Class<?> cls, String path) {
        RecordComponent[] all = cls.getRecordComponents();
        if (all == null) {
            throw invalid(path, cls.getName() + " is not a record");
        }
        Map<String, RecordComponent> byName = new LinkedHashMap<>();
        for (RecordComponent c : all) {
            Wit wit = c.getAnnotation(Wit.class);
            byName.put(wit != null ? wit.value() : kebab(c.getName()), c);
        }
        return byName;
    }

    private static Class<?> caseClass(Class<?> variant, String caseName, String path) {
        Class<?>[] permitted = variant.getPermittedSubclasses();
        if (permitted != null) {
            for (Class<?> c : permitted) {
                if (witName(c, c.getSimpleName()).equals(caseName) && c.isRecord()) {
                    return c;
                }
            }
        }
        throw invalid(path, variant.getSimpleName() + " has no record case for " + caseName);
    }

    private static String witName(Class<?> cls, String javaName) {
        Wit wit = cls.getAnnotation(Wit.class);
        return wit != null ? wit.value() : kebab(javaName);
    }

    private static String constantName(Enum<?> constant) {
        try {
            Field field = constant.getDeclaringClass().getField(constant.name());
            Wit wit = field.getAnnotation(Wit.class);
            return wit != null ? wit.value() : constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Enum constant(Class<?> enumType, String name, String path) {
        for (Object constant : enumType.getEnumConstants()) {
            if (constantName((Enum<?>) constant).equals(name)) {
                return (Enum) constant;
            }
        }
        throw invalid(path, enumType.getSimpleName() + " has no constant for " + name);
    }

    /** camelCase or PascalCase to kebab-case, for hand-written types without {@code @Wit}. */
    private static String kebab(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                out.append('-');
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    private static boolean isBytes(Type javaType) {
        return javaType == byte[].class
                || (javaType instanceof GenericArrayType g && g.getGenericComponentType() == byte.class);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType g) {
            return Array.newInstance(raw(g.getGenericComponentType()), 0).getClass();
        }
        return Object.class;
    }

    private static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType p && index < p.getActualTypeArguments().length) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    private static InvalidValueException invalid(String path, String message) {
        return new InvalidValueException(path + ": " + message);
    }
}
