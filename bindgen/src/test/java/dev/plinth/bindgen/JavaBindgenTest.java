package dev.plinth.bindgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.component.binding.Resource;
import dev.plinth.component.binding.Wit;
import dev.plinth.component.wit.ResolvedWit;
import dev.plinth.component.wit.WitParser;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bindings generated for real WIT worlds, compiled with javac against the runtime types, and their shapes read back. */
class JavaBindgenTest {
    private static final Path SAMPLES = Path.of(System.getProperty("plinth.witSamples",
            "../component/src/test/resources/wit"));

    @TempDir
    Path dir;

    @Test
    void thePluginWorldCompilesAndHasItsShapes() throws Exception {
        ClassLoader loader = generateAndCompile(SAMPLES.resolve("app"), "plugin", "com.example.app");

        Class<?> request = loader.loadClass("com.example.app.Types$Request");
        assertThat(request.isRecord()).isTrue();
        assertThat(Arrays.stream(request.getRecordComponents()).map(c -> c.getName() + ": " + c.getGenericType().getTypeName()))
                .containsExactly("requestId: java.lang.String", "payload: byte[]",
                        "tags: java.util.List<dev.plinth.component.binding.Tuple$Of2<java.lang.String, java.lang.Long>>",
                        "deadlineMs: java.util.Optional<java.lang.Long>");
        RecordComponent requestId = request.getRecordComponents()[0];
        assertThat(requestId.getAnnotation(Wit.class).value()).isEqualTo("request-id");

        Class<?> outcome = loader.loadClass("com.example.app.Types$Outcome");
        assertThat(outcome.isSealed()).isTrue();
        assertThat(Arrays.stream(outcome.getPermittedSubclasses()).map(Class::getSimpleName))
                .containsExactly("Done", "Retry", "Failed");
        Class<?> done = loader.loadClass("com.example.app.Types$Outcome$Done");
        assertThat(done.getRecordComponents()[0].getGenericType().getTypeName()).isEqualTo("java.util.List<java.lang.String>");
        assertThat(loader.loadClass("com.example.app.Types$Outcome$Failed").getRecordComponents()).isEmpty();

        Class<?> level = loader.loadClass("com.example.app.Types$Level");
        assertThat(level.isEnum()).isTrue();
        assertThat(Arrays.stream(level.getEnumConstants()).map(Object::toString)).containsExactly("DEBUG", "INFO", "WARN", "ERROR");
        assertThat(level.getField("WARN").getAnnotation(Wit.class).value()).isEqualTo("warn");
        Class<?> features = loader.loadClass("com.example.app.Types$Features");
        assertThat(Arrays.stream(features.getEnumConstants()).map(Object::toString)).containsExactly("FAST", "LOSSLESS", "HDR_OUTPUT");

        Class<?> processing = loader.loadClass("com.example.app.Processing");
        assertThat(processing.isInterface()).isTrue();
        assertThat(processing.getAnnotation(Wit.class).value()).isEqualTo("my:app/processing@1.2.0-rc.1+build.5");
        assertThat(signatures(processing)).containsExactlyInAnyOrder(
                "attach(com.example.app.Types$Session) -> com.example.app.Types$Session",
                "func() -> int",
                "logAt(com.example.app.Types$Level, java.lang.String) -> void",
                "process(com.example.app.Types$Request) -> dev.plinth.component.binding.Result<com.example.app.Types$Outcome, java.lang.String>",
                "processAll(java.util.List<com.example.app.Types$Request>) -> java.util.List<dev.plinth.component.binding.Result<com.example.app.Types$Outcome, java.lang.String>>");
        assertThat(processing.getMethod("processAll", List.class).getAnnotation(Wit.class).value()).isEqualTo("process-all");

        Class<?> session = loader.loadClass("com.example.app.Types$Session");
        assertThat(Resource.class.isAssignableFrom(session)).isTrue();
        assertThat(signatures(session)).containsExactlyInAnyOrder(
                "send(java.lang.String) -> dev.plinth.component.binding.Result<java.lang.Void, java.lang.String>",
                "close_() -> void");
        assertThat(session.getMethod("close_").getAnnotation(Wit.class).value()).isEqualTo("[method]session.close");
        Class<?> types = loader.loadClass("com.example.app.Types");
        assertThat(signatures(types)).containsExactlyInAnyOrder(
                "newSession(java.lang.String) -> com.example.app.Types$Session",
                "sessionOpen(java.lang.String) -> dev.plinth.component.binding.Result<com.example.app.Types$Session, com.example.app.Types$Level>");
        assertThat(types.getMethod("newSession", String.class).getAnnotation(Wit.class).value()).isEqualTo("[constructor]session");

        Class<?> plugin = loader.loadClass("com.example.app.Plugin");
        assertThat(signatures(plugin)).containsExactly("capabilities() -> java.util.EnumSet<com.example.app.Types$Features>");
        Class<?> imports = loader.loadClass("com.example.app.PluginImports");
        assertThat(signatures(imports)).containsExactly("clock() -> long");
        assertThat(signatures(loader.loadClass("com.example.app.Logger"))).containsExactly("log(java.lang.String) -> void");
        assertThat(loader.loadClass("com.example.app.Error").getAnnotation(Wit.class).value()).isEqualTo("wasi:io/error@0.2.8");
        assertThat(loader.loadClass("com.example.app.Error$Error_").isInterface()).isTrue();
    }

    @Test
    void anIncludingWorldGetsTheIncludedItemsRenamed() throws Exception {
        ClassLoader loader = generateAndCompile(SAMPLES.resolve("app"), "plugin-with-cli", "com.example.cli");
        assertThat(signatures(loader.loadClass("com.example.cli.PluginWithCli"))).containsExactlyInAnyOrder(
                "run() -> dev.plinth.component.binding.Result<java.lang.Void, java.lang.Void>",
                "capabilities() -> java.util.EnumSet<com.example.cli.Types$Features>");
        assertThat(signatures(loader.loadClass("com.example.cli.PluginWithCliImports"))).containsExactly("wallClock() -> long");
        Method wallClock = loader.loadClass("com.example.cli.PluginWithCliImports").getMethod("wallClock");
        assertThat(wallClock.getAnnotation(Wit.class).value()).isEqualTo("wall-clock");
        // The world that declares capabilities holds the types it names.
        assertThat(loader.loadClass("com.example.cli.Plugin").isInterface()).isTrue();
    }

    @Test
    void theWasiCommandWorldCompiles() throws Exception {
        ClassLoader loader = generateAndCompile(SAMPLES.resolve("wasi-cli"), "command", "org.example.wasi");
        Class<?> streams = loader.loadClass("org.example.wasi.Streams");
        Class<?> input = loader.loadClass("org.example.wasi.Streams$InputStream");
        assertThat(signatures(input)).contains(
                "read(long) -> dev.plinth.component.binding.Result<byte[], org.example.wasi.Streams$StreamError>",
                "subscribe() -> org.example.wasi.Poll$Pollable");
        assertThat(streams.getAnnotation(Wit.class).value()).isEqualTo("wasi:io/streams@0.2.8");
        Class<?> descriptor = loader.loadClass("org.example.wasi.Types$Descriptor");
        assertThat(signatures(descriptor)).contains("getFlags() -> dev.plinth.component.binding.Result<"
                + "java.util.EnumSet<org.example.wasi.Types$DescriptorFlags>, org.example.wasi.Types$ErrorCode>");
        assertThat(signatures(loader.loadClass("org.example.wasi.Run"))).containsExactly(
                "run() -> dev.plinth.component.binding.Result<java.lang.Void, java.lang.Void>");
        assertThat(loader.loadClass("org.example.wasi.Command").getAnnotation(Wit.class).value()).isEqualTo("wasi:cli/command@0.2.8");
    }

    @Test
    void javaNamesThatClashAreEscaped() throws Exception {
        ClassLoader loader = generateAndCompile(SAMPLES.resolve("../../../../../bindgen/src/test/resources/wit/edge.wit")
                .normalize(), "edge", "edge");
        Class<?> string = loader.loadClass("edge.Types$String_");
        assertThat(Arrays.stream(string.getRecordComponents()).map(RecordComponent::getName))
                .containsExactly("class_", "hashCode_", "toString_");
        Class<?> variant = loader.loadClass("edge.Types$Types_");
        assertThat(Arrays.stream(variant.getPermittedSubclasses()).map(Class::getSimpleName))
                .containsExactly("Types__", "String_", "None");
        assertThat(Arrays.stream(loader.loadClass("edge.Types$Enum").getEnumConstants()).map(Object::toString))
                .containsExactly("STATIC", "NEW", "A_B");
        assertThat(signatures(loader.loadClass("edge.Types$Conn"))).containsExactlyInAnyOrder("close_() -> long",
                "getClass_() -> java.lang.String");
        Class<?> types = loader.loadClass("edge.Types");
        assertThat(signatures(types)).contains(
                "big(dev.plinth.component.binding.Tuple$Of8<java.lang.Integer, java.lang.Integer, java.lang.Long, "
                        + "java.lang.Long, java.lang.Byte, java.lang.Short, java.lang.Integer, java.lang.Long>) "
                        + "-> dev.plinth.component.binding.Tuple$Of1<java.lang.String>",
                // option<option<T>> is Optional<Optional<T>>: none, some(none) and some(some(x)) stay apart.
                "nested(java.util.Optional<java.util.Optional<byte[]>>, dev.plinth.component.binding.Result<"
                        + "java.util.Optional<java.lang.Integer>, java.lang.Void>) -> dev.plinth.component.binding.Result<"
                        + "java.lang.Void, java.util.List<byte[]>>",
                "allPerms(java.util.EnumSet<edge.Types$Perms>, edge.Types$Enum, edge.Types$Types_) -> java.util.EnumSet<edge.Types$Perms>");
        assertThat(signatures(loader.loadClass("edge.Edge"))).containsExactly("interface_(int) -> int");
    }

    @Test
    void anInterfaceAloneAndItsErrors() throws Exception {
        ClassLoader loader = generateAndCompile(SAMPLES.resolve("app"), "processing", "p");
        assertThat(loader.loadClass("p.Processing").isInterface()).isTrue();
        assertThat(loader.loadClass("p.Types$Request").isRecord()).isTrue();
        ResolvedWit wit = WitParser.load(SAMPLES.resolve("app"));
        assertThatThrownBy(() -> JavaBindgen.generate(wit, Optional.of("nope"), "p")).isInstanceOf(BindgenException.class)
                .hasMessage("no world or interface `nope` in package my:app@1.2.0-rc.1+build.5 (it has world plugin, "
                        + "world plugin-with-cli, interface types, interface processing)");
        assertThatThrownBy(() -> JavaBindgen.generate(wit, Optional.empty(), "p")).isInstanceOf(BindgenException.class)
                .hasMessageStartingWith("package my:app@1.2.0-rc.1+build.5 has 2 worlds: name one");
        assertThatThrownBy(() -> JavaBindgen.generate(wit, Optional.of("plugin"), "com.1bad")).isInstanceOf(BindgenException.class)
                .hasMessage("`com.1bad` is not a Java package name");
    }

    @Test
    void aSecondRunDeletesWhatTheWitNoLongerHasAndNothingElse() throws Exception {
        Path wit = dir.resolve("w.wit");
        Files.writeString(wit, "package a:b;\ninterface one { f: func(); }\ninterface two { g: func(); }\n"
                + "world w { export one; export two; }");
        Path out = dir.resolve("out");
        JavaBindgen.generate(wit, Optional.empty(), "p", out);
        assertThat(out.resolve("p/Two.java")).isRegularFile();
        Files.writeString(out.resolve("p/Mine.java"), "package p;\nclass Mine {}\n");
        Files.writeString(wit, "package a:b;\ninterface one { f: func(); }\nworld w { export one; }");
        List<Path> again = JavaBindgen.generate(wit, Optional.empty(), "p", out);
        assertThat(again).containsExactlyInAnyOrder(out.resolve("p/W.java"), out.resolve("p/One.java"));
        assertThat(out.resolve("p/Two.java")).doesNotExist();
        assertThat(out.resolve("p/Mine.java")).isRegularFile();
    }

    @Test
    void aSpringClientExtendsTheWorldAndItsExportedInterfacesAndCompiles() throws Exception {
        writePluginClientStub("plugin");
        ClassLoader loader = generateAndCompile(SAMPLES.resolve("app"), "plugin", "com.example.app",
                Optional.of("image-processor"));

        Class<?> client = loader.loadClass("com.example.app.ImageProcessorClient");
        assertThat(client.isInterface()).isTrue();
        assertThat(Arrays.stream(client.getInterfaces()).map(Class::getSimpleName)).containsExactly("Plugin", "Processing");
        Class<? extends java.lang.annotation.Annotation> annotation = loader.loadClass("dev.plinth.spring.client.PluginClient")
                .asSubclass(java.lang.annotation.Annotation.class);
        Object plugin = annotation.getMethod("value").invoke(client.getAnnotation(annotation));
        assertThat(plugin).isEqualTo("image-processor");
        assertThat(client.getMethod("capabilities").getAnnotation(Wit.class).value()).isEqualTo("capabilities");
    }

    @Test
    void aClientOfThePlinthWorldOffersTheLifecycleFunctionsAnApplicationMayCallAndNotTheHostsOwn() throws Exception {
        writePluginClientStub("plugin");
        ClassLoader loader = generateAndCompile(Path.of("../wit/plinth.wit"), "plugin", "com.example.text",
                Optional.of("text-component"));

        Class<?> client = loader.loadClass("com.example.text.TextComponentClient");
        assertThat(Arrays.stream(client.getInterfaces()).map(Class::getSimpleName)).containsExactly("Plugin", "Processing");
        assertThat(Arrays.stream(client.getMethods()).map(java.lang.reflect.Method::getName))
                .contains("getMetadata", "getStatus", "process").doesNotContain("initialize", "shutdown");
        assertThat(client.getMethod("getStatus").getAnnotation(Wit.class).value())
                .isEqualTo("plinth:plugin/lifecycle@0.1.0#get-status");
        assertThat(client.getMethod("getMetadata").getReturnType().getName())
                .isEqualTo("com.example.text.Lifecycle$Metadata");
    }

    /** The starter's annotation as it is declared, so that a client compiles here without Spring. */
    private void writePluginClientStub(String world) throws IOException {
        Path stub = Files.createDirectories(dir.resolve("src-" + world + "/dev/plinth/spring/client"));
        Files.writeString(stub.resolve("PluginClient.java"), """
                package dev.plinth.spring.client;
                @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                public @interface PluginClient {
                    String value() default "";
                }
                """);
    }

    @Test
    void aSpringClientNeedsAPluginNameAndAWorld() {
        ResolvedWit wit = WitParser.load(SAMPLES.resolve("app"));
        assertThatThrownBy(() -> JavaBindgen.generate(wit, Optional.of("plugin"), "p", Optional.of("Image Processor")))
                .isInstanceOf(BindgenException.class).hasMessageContaining("is not a plugin name");
        assertThatThrownBy(() -> JavaBindgen.generate(wit, Optional.of("processing"), "p", Optional.of("images")))
                .isInstanceOf(BindgenException.class).hasMessageContaining("is an interface");
    }

    private ClassLoader generateAndCompile(Path wit, String world, String javaPackage) throws Exception {
        return generateAndCompile(wit, world, javaPackage, Optional.empty());
    }

    private ClassLoader generateAndCompile(Path wit, String world, String javaPackage, Optional<String> client)
            throws Exception {
        Path src = dir.resolve("src-" + world);
        Path classes = dir.resolve("classes-" + world);
        Files.createDirectories(classes);
        List<Path> files = JavaBindgen.generate(wit, Optional.of(world), javaPackage, src, client);
        assertThat(files).isNotEmpty();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        List<String> args = new java.util.ArrayList<>(List.of("-d", classes.toString(), "-classpath",
                System.getProperty("java.class.path"), "--release", "17", "-Xlint:all", "-Werror"));
        try (Stream<Path> walk = Files.walk(src)) {
            walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        boolean ok = javac.getTask(diagnostics, null, null, args.subList(0, 8), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjectsFromStrings(args.subList(8, args.size())))
                .call();
        assertThat(ok).as(diagnostics.toString()).isTrue();
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    }

    private static List<String> signatures(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods()).filter(m -> !m.isSynthetic())
                .map(m -> m.getName() + "(" + String.join(", ", Arrays.stream(m.getGenericParameterTypes())
                        .map(java.lang.reflect.Type::getTypeName).toList()) + ") -> " + m.getGenericReturnType().getTypeName())
                .toList();
    }
}
