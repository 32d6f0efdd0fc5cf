package dev.plinth.bindgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.component.binding.JavaValues;
import dev.plinth.component.binding.Result;
import dev.plinth.component.binding.Tuple;
import dev.plinth.component.binding.Wit;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.type.ResourceType;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.value.InvalidValueException;
import dev.plinth.component.value.Value;
import dev.plinth.component.wit.ResolvedWit;
import dev.plinth.component.wit.Scope;
import dev.plinth.component.wit.WitFunction;
import dev.plinth.component.wit.WitParser;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values of every WIT type converted to the Java that bindgen generated for them (compiled in the test) and
 * back, by the {@code @Wit} names and the functions' types; and the shape check that compares a Java
 * signature with a WIT one.
 */
class JavaValuesTest {
    private static final String WIT = """
            package test:conv@1.0.0;

            interface types {
                enum color { red, dark-green }
                flags perms { read, write, exec-all }
                variant shape { circle(f64), named(string), nothing, raw(list<u8>) }
                record item { item-id: u32, tags: list<string>, size: u64 }
                resource blob { size: func() -> u32; }
                record all {
                    yes: bool, tiny: s8, byte-val: u8, short-val: s16, ushort-val: u16, int-val: s32,
                    uint-val: u32, long-val: s64, ulong-val: u64, float-val: f32, double-val: f64,
                    letter: char, text: string,
                    color: color, perms: perms, shape: shape, items: list<item>, data: list<u8>,
                    maybe: option<option<u32>>, outcome: result<item, string>, done: result<_, color>,
                    pair: tuple<string, u8>,
                }
                echo: func(a: all) -> all;
                take: func(b: borrow<blob>, o: blob) -> blob;
                count: func(items: list<item>) -> u32;
            }

            world w {
                export types;
            }
            """;

    @TempDir
    Path dir;

    private ResolvedWit wit;
    private Class<?> types;

    @BeforeEach
    void generate() throws Exception {
        Path file = dir.resolve("conv.wit");
        Files.writeString(file, WIT);
        wit = WitParser.load(file);
        Path src = dir.resolve("src");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<Path> files = JavaBindgen.generate(file, Optional.of("w"), "conv", src);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        List<String> sources = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(src)) {
            walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.add(p.toString()));
        }
        assertThat(files).isNotEmpty();
        boolean ok = javac.getTask(diagnostics, null, null, List.of("-d", classes.toString(), "-classpath",
                System.getProperty("java.class.path"), "--release", "17"), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjectsFromStrings(sources)).call();
        assertThat(ok).as(diagnostics.toString()).isTrue();
        types = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())
                .loadClass("conv.Types");
    }

    private FuncType funcType(String name) {
        Scope scope = wit.interfaces().stream().map(ResolvedWit.Interface::scope)
                .filter(s -> s.name().equals("types")).findFirst().orElseThrow();
        WitFunction f = wit.iface(scope).orElseThrow().iface().functions().stream()
                .filter(fn -> fn.name().equals(name)).findFirst().orElseThrow();
        return wit.funcType(scope, f, Optional.empty());
    }

    private Method method(String witName) {
        for (Method m : types.getMethods()) {
            Wit w = m.getAnnotation(Wit.class);
            if (w != null && w.value().equals(witName)) {
                return m;
            }
        }
        throw new AssertionError("no method @Wit(" + witName + ")");
    }

    private static Value item(long id, String... tags) {
        return new Value.Record(Map.of("item-id", new Value.U32(id),
                "tags", new Value.ListOf(Stream.of(tags).map(t -> (Value) new Value.Str(t)).toList()),
                "size", new Value.U64(-1L)));
    }

    private static Value all(Value shape, Value maybe, Value outcome) {
        Map<String, Value> f = new java.util.LinkedHashMap<>();
        f.put("yes", new Value.Bool(true));
        f.put("tiny", new Value.S8((byte) -128));
        f.put("byte-val", new Value.U8(255));
        f.put("short-val", new Value.S16((short) -3));
        f.put("ushort-val", new Value.U16(65535));
        f.put("int-val", new Value.S32(Integer.MIN_VALUE));
        f.put("uint-val", new Value.U32(0xFFFF_FFFFL));
        f.put("long-val", new Value.S64(Long.MIN_VALUE));
        f.put("ulong-val", new Value.U64(-2L));
        f.put("float-val", new Value.F32(1.5f));
        f.put("double-val", new Value.F64(-0.25));
        f.put("letter", new Value.Char(0x1F600));
        f.put("text", new Value.Str("Zoë"));
        f.put("color", new Value.Enum("dark-green"));
        f.put("perms", new Value.Flags(Set.of("read", "exec-all")));
        f.put("shape", shape);
        f.put("items", new Value.ListOf(List.of(item(1, "a", "b"), item(0xFFFF_FFFFL))));
        f.put("data", new Value.ListOf(List.of(new Value.U8(0), new Value.U8(200))));
        f.put("maybe", maybe);
        f.put("outcome", outcome);
        f.put("done", new Value.Result(false, Optional.of(new Value.Enum("red"))));
        f.put("pair", new Value.Tuple(List.of(new Value.Str("x"), new Value.U8(7))));
        return new Value.Record(f);
    }

    @Test
    void everyTypeRoundTripsThroughTheGeneratedJava() throws Exception {
        JavaValues values = new JavaValues();
        FuncType echo = funcType("echo");
        Method m = method("echo");
        assertThat(JavaValues.mismatch(m.getGenericParameterTypes()[0], echo.params().get(0).type())).isEmpty();
        assertThat(JavaValues.mismatch(m.getGenericReturnType(), echo.results().get(0))).isEmpty();

        List<Value> samples = List.of(
                all(new Value.Variant("circle", Optional.of(new Value.F64(2.0))),
                        new Value.Option(Optional.empty()), new Value.Result(true, Optional.of(item(5, "t")))),
                all(new Value.Variant("nothing", Optional.empty()),
                        new Value.Option(Optional.of(new Value.Option(Optional.empty()))),
                        new Value.Result(false, Optional.of(new Value.Str("no")))),
                all(new Value.Variant("raw", Optional.of(new Value.ListOf(List.of(new Value.U8(1))))),
                        new Value.Option(Optional.of(new Value.Option(Optional.of(new Value.U32(9))))),
                        new Value.Result(true, Optional.of(item(6)))));
        for (Value sample : samples) {
            Object java = values.toJava(sample, m.getGenericParameterTypes()[0], echo.params().get(0).type());
            assertThat(java.getClass().getName()).isEqualTo("conv.Types$All");
            assertThat(values.toValue(java, m.getGenericReturnType(), echo.results().get(0))).isEqualTo(sample);
        }

        Object first = values.toJava(samples.get(0), m.getGenericParameterTypes()[0], echo.params().get(0).type());
        assertThat(component(first, "byteVal")).isEqualTo(255);
        assertThat(component(first, "uintVal")).isEqualTo(0xFFFF_FFFFL);
        assertThat(component(first, "ulongVal")).isEqualTo(-2L);
        assertThat(component(first, "letter")).isEqualTo(0x1F600);
        assertThat(component(first, "color").toString()).isEqualTo("DARK_GREEN");
        assertThat(component(first, "perms")).isInstanceOf(EnumSet.class).asString().isEqualTo("[READ, EXEC_ALL]");
        assertThat(component(first, "shape").getClass().getName()).isEqualTo("conv.Types$Shape$Circle");
        assertThat(component(first, "data")).isEqualTo(new byte[] {0, (byte) 200});
        assertThat(component(first, "maybe")).isEqualTo(Optional.empty());
        assertThat(component(first, "outcome")).isInstanceOf(Result.Ok.class);
        assertThat(component(first, "done")).isEqualTo(Result.err(enumConstant("Color", "RED")));
        assertThat(component(first, "pair")).isEqualTo(new Tuple.Of2<>("x", 7));
        Object second = values.toJava(samples.get(1), m.getGenericParameterTypes()[0], echo.params().get(0).type());
        assertThat(component(second, "maybe")).isEqualTo(Optional.of(Optional.empty()));
    }

    @Test
    void badJavaValuesAreRefusedNamingWhere() throws Exception {
        JavaValues values = new JavaValues();
        FuncType count = funcType("count");
        Method m = method("count");
        Class<?> item = m.getParameterTypes()[0] == List.class ? types.getClassLoader().loadClass("conv.Types$Item")
                : null;
        Object bad = item.getDeclaredConstructors()[0].newInstance(-1L, List.of("a"), 0L);
        assertThatThrownBy(() -> values.toValue(List.of(bad), m.getGenericParameterTypes()[0],
                count.params().get(0).type())).isInstanceOf(InvalidValueException.class)
                .hasMessage("value[0].item-id: u32 -1 is outside 0..4294967295");
        Object nullTags = item.getDeclaredConstructors()[0].newInstance(1L, null, 0L);
        assertThatThrownBy(() -> values.toValue(List.of(nullTags), m.getGenericParameterTypes()[0],
                count.params().get(0).type())).isInstanceOf(InvalidValueException.class)
                .hasMessage("value[0].tags: null where a list<string> belongs");
        assertThatThrownBy(() -> values.toJava(new Value.Str("x"), long.class, ValueType.Primitive.U32))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("does not fit u32");
        assertThatThrownBy(() -> values.toJava(new Value.Variant("square", Optional.empty()),
                types.getClassLoader().loadClass("conv.Types$Shape"), ((ValueType.RecordType) funcType("echo")
                        .params().get(0).type()).fields().get(15).type()))
                .isInstanceOf(InvalidValueException.class).hasMessage("value: Shape has no record case for square");
    }

    /** A hand-written record like a generated one, but with a field of the wrong type. */
    record WrongItem(@Wit("item-id") String itemId, List<String> tags, long size) {
    }

    /** A hand-written record annotated like a generated one. */
    record HandItem(@Wit("item-id") long id, List<String> tags, long size) {
    }

    interface HandSignatures {
        long count(List<WrongItem> items);

        int countNarrow(List<HandItem> items);

        Optional<String> notAList(List<HandItem> items);
    }

    @Test
    void signaturesAreComparedWithTheFunctionsType() throws Exception {
        ValueType items = funcType("count").params().get(0).type();
        Method wrong = HandSignatures.class.getMethod("count", List.class);
        assertThat(JavaValues.mismatch(wrong.getGenericParameterTypes()[0], items))
                .contains("value[].item-id: long expected for u32, found java.lang.String");
        Method narrow = HandSignatures.class.getMethod("countNarrow", List.class);
        assertThat(JavaValues.mismatch(narrow.getGenericParameterTypes()[0], items)).isEmpty();
        assertThat(JavaValues.mismatch(narrow.getGenericReturnType(), funcType("count").results().get(0)))
                .contains("value: long expected for u32, found int");

        JavaValues values = new JavaValues();
        Value one = item(3, "q");
        Object hand = values.toJava(new Value.ListOf(List.of(one)), narrow.getGenericParameterTypes()[0], items);
        assertThat(hand).isEqualTo(List.of(new HandItem(3, List.of("q"), -1L)));
        assertThat(values.toValue(hand, narrow.getGenericParameterTypes()[0], items))
                .isEqualTo(new Value.ListOf(List.of(one)));
    }

    @Test
    void resourceHandlesGoThroughTheBinder() throws Exception {
        Map<Object, Value.Handle> bound = new java.util.IdentityHashMap<>();
        JavaValues values = new JavaValues(new JavaValues.Handles() {
            @Override
            public Value.Handle handle(Object resource, ResourceType type) {
                return bound.get(resource);
            }

            @Override
            public Object resource(Value.Handle handle, Class<?> javaType, ResourceType type) {
                Object proxy = Proxy.newProxyInstance(javaType.getClassLoader(), new Class<?>[] {javaType},
                        (p, method, args) -> method.getName().equals("toString") ? type.name() + "#" + handle.index()
                                : null);
                bound.put(proxy, handle);
                return proxy;
            }
        });
        FuncType take = funcType("take");
        Method m = method("take");
        assertThat(JavaValues.mismatch(m.getGenericParameterTypes()[0], take.params().get(0).type())).isEmpty();
        Object blob = values.toJava(new Value.Handle(4), m.getGenericReturnType(), take.results().get(0));
        assertThat(blob.getClass().getInterfaces()).extracting(Class::getName).containsExactly("conv.Types$Blob");
        assertThat(blob).hasToString("blob#4");
        assertThat(values.toValue(blob, m.getGenericParameterTypes()[1], take.params().get(1).type()))
                .isEqualTo(new Value.Handle(4));
        assertThatThrownBy(() -> new JavaValues().toJava(new Value.Handle(1), m.getGenericReturnType(),
                take.results().get(0))).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("resource blob cannot be received here");
    }

    private static Object component(Object record, String name) throws Exception {
        Method accessor = record.getClass().getMethod(name);
        accessor.setAccessible(true);
        return accessor.invoke(record);
    }

    private Object enumConstant(String type, String name) throws Exception {
        Class<?> cls = types.getClassLoader().loadClass("conv.Types$" + type);
        for (Object c : cls.getEnumConstants()) {
            if (c.toString().equals(name)) {
                return c;
            }
        }
        throw new AssertionError(name);
    }
}
