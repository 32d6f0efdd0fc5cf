package dev.plinth.component.wit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.component.type.FuncType;
import dev.plinth.component.type.ValueType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The WIT parser and resolver on real WASI 0.2 packages, a test package using every construct, and broken sources. */
class WitParserTest {

    static Path resource(String name) {
        try {
            return Path.of(WitParserTest.class.getResource("/wit/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void wasiCliWithItsDepsResolves() {
        ResolvedWit wit = WitParser.load(resource("wasi-cli"));
        assertThat(wit.main().name().toString()).isEqualTo("wasi:cli@0.2.8");
        assertThat(wit.packages()).extracting(p -> p.name().toString()).contains("wasi:io@0.2.8",
                "wasi:clocks@0.2.8", "wasi:filesystem@0.2.8", "wasi:random@0.2.8", "wasi:sockets@0.2.8");
        WitWorld command = wit.world("command").orElseThrow();
        List<String> imports = wit.imports(command).stream().map(ResolvedWit.Item::name).toList();
        assertThat(imports).contains("wasi:cli/environment@0.2.8", "wasi:cli/stdout@0.2.8",
                "wasi:io/streams@0.2.8", "wasi:filesystem/types@0.2.8", "wasi:sockets/tcp@0.2.8",
                "wasi:clocks/monotonic-clock@0.2.8", "wasi:random/random@0.2.8");
        assertThat(wit.exports(command)).extracting(ResolvedWit.Item::name).containsExactly("wasi:cli/run@0.2.8");

        // stdout's get-stdout returns an output-stream, a resource of wasi:io/streams, through a use.
        ResolvedWit.Interface stdout = wit.iface(wit.main().name(),
                new UsePath(Optional.empty(), "stdout", new Position("t", 1, 1)));
        WitFunction getStdout = stdout.iface().function("get-stdout").orElseThrow();
        FuncType type = wit.funcType(stdout.scope(), getStdout, Optional.empty());
        assertThat(type.wit()).isEqualTo("func() -> own<output-stream>");
        ResolvedWit.Definition stream = wit.definition(stdout.scope(), "output-stream", new Position("t", 1, 1));
        assertThat(stream.scope().toString()).isEqualTo("wasi:io/streams@0.2.8");
        assertThat(stream.def().kind()).isInstanceOf(TypeDef.Resource.class);
        assertThat(stream.def().docs()).startsWith("An output bytestream.");
    }

    @Test
    void everyWasiFileParsesOnItsOwn() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(resource("wasi-cli"))) {
            files = walk.filter(p -> p.toString().endsWith(".wit")).toList();
        }
        assertThat(files).hasSizeGreaterThan(25);
        for (Path f : files) {
            WitPackage pkg = WitParser.parse(Files.readString(f), f.toString());
            assertThat(pkg.name().namespace()).isIn("wasi", WitParser.ANONYMOUS.namespace());
            assertThat(pkg.interfaces().size() + pkg.worlds().size()).as(f.toString()).isPositive();
        }
        WitPackage fs = WitParser.parseDirectory(resource("wasi-cli/deps/filesystem"));
        WitInterface types = fs.iface("types").orElseThrow();
        TypeDef descriptor = types.type("descriptor").orElseThrow();
        TypeDef.Resource r = (TypeDef.Resource) descriptor.kind();
        assertThat(r.functions()).extracting(WitFunction::name).contains("read-via-stream", "stat", "open-at");
        assertThat(types.type("descriptor-flags").orElseThrow().kind()).isInstanceOf(TypeDef.Flags.class);
        assertThat(types.type("error-code").orElseThrow().kind()).isInstanceOf(TypeDef.Enum.class);
    }

    @Test
    void theTestPackageHasEveryConstruct() {
        ResolvedWit wit = WitParser.load(resource("app"));
        WitPackage app = wit.main();
        assertThat(app.name()).isEqualTo(new PackageName("my", "app", Optional.of("1.2.0-rc.1+build.5")));
        assertThat(app.docs()).isEqualTo("An application's plugin contract, written for the parser's tests: every kind of definition.");
        Scope types = new Scope(app.name(), "types");
        Position at = new Position("t", 1, 1);

        TypeDef request = app.iface("types").orElseThrow().type("request").orElseThrow();
        assertThat(request.docs()).isEqualTo("A request to process.");
        assertThat(((TypeDef.Record) request.kind()).fields().get(0).docs()).isEqualTo("Who asks.");
        assertThat(wit.valueType(types, new WitType.Named("request", at)).wit()).isEqualTo(
                "record { request-id: string, payload: list<u8>, tags: list<tuple<string, u32>>, deadline-ms: option<u64> }");
        assertThat(wit.valueType(types, new WitType.Named("outcome", at)).wit())
                .isEqualTo("variant { done(list<string>), retry(u32), failed }");
        assertThat(wit.valueType(types, new WitType.Named("features", at)).wit())
                .isEqualTo("flags { fast, lossless, HDR-output }");
        assertThat(wit.valueType(types, new WitType.Named("maybe-ids", at)).wit()).isEqualTo("option<option<u64>>");

        TypeDef.Resource session = (TypeDef.Resource) app.iface("types").orElseThrow().type("session").orElseThrow().kind();
        assertThat(session.functions()).extracting(WitFunction::kind).containsExactly(WitFunction.Kind.CONSTRUCTOR,
                WitFunction.Kind.METHOD, WitFunction.Kind.METHOD, WitFunction.Kind.STATIC);
        assertThat(session.functions().get(1).docs()).isEqualTo("Sends one line.");
        TypeDef sessionDef = app.iface("types").orElseThrow().type("session").orElseThrow();
        assertThat(wit.funcType(types, session.functions().get(0), Optional.of(sessionDef)).wit())
                .isEqualTo("func(name: string) -> own<session>");
        assertThat(wit.funcType(types, session.functions().get(1), Optional.of(sessionDef)).wit())
                .isEqualTo("func(self: borrow<session>, line: string) -> result<_, string>");

        Scope processing = new Scope(app.name(), "processing");
        WitInterface p = app.iface("processing").orElseThrow();
        assertThat(p.functions()).extracting(WitFunction::name)
                .containsExactly("process", "process-all", "log-at", "attach", "func");
        assertThat(wit.funcType(processing, p.function("log-at").orElseThrow(), Optional.empty()).wit())
                .isEqualTo("func(type: enum { debug, info, warn, error }, msg: string)");
        FuncType attach = wit.funcType(processing, p.function("attach").orElseThrow(), Optional.empty());
        // One resource type per definition: the borrowed and the owned session are the same resource.
        assertThat(((ValueType.BorrowType) attach.params().get(0).type()).resource())
                .isSameAs(((ValueType.OwnType) attach.results().get(0)).resource());

        WitWorld plugin = wit.world("plugin").orElseThrow();
        assertThat(wit.imports(plugin)).extracting(ResolvedWit.Item::name)
                .containsExactly("wasi:io/error@0.2.8", "logger", "clock");
        assertThat(wit.exports(plugin)).extracting(ResolvedWit.Item::name)
                .containsExactly("my:app/processing@1.2.0-rc.1+build.5", "capabilities");
        WitWorld cli = wit.world("plugin-with-cli").orElseThrow();
        assertThat(wit.imports(cli)).extracting(ResolvedWit.Item::name)
                .containsExactly("wasi:io/error@0.2.8", "logger", "wall-clock");
        assertThat(wit.exports(cli)).extracting(ResolvedWit.Item::name)
                .containsExactly("run", "my:app/processing@1.2.0-rc.1+build.5", "capabilities");
    }

    /** Types printed by the component module's ValueType.wit() parse back to the same type. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bool", "s8", "u64", "f32", "f64", "char", "string",
        "list<u8>", "list<list<string>>", "option<option<u32>>", "tuple<u8, string, list<char>>",
        "result", "result<u32>", "result<_, string>", "result<list<u8>, tuple<s16, f64>>",
        "option<result<option<bool>, list<tuple<u8>>>>"})
    void typesRoundTrip(String wit) {
        ValueType type = resolveAlone(wit);
        assertThat(type.wit()).isEqualTo(wit);
        assertThat(resolveAlone(type.wit())).isEqualTo(type);
    }

    /** Function types printed by FuncType.wit() parse back to the same text. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "func()", "func(a: u32, b: list<string>) -> result<_, string>", "func(x: option<tuple<u8, char>>) -> f64",
        "func(%type: string, %list: list<list<u8>>) -> result"})
    void functionTypesRoundTrip(String func) {
        WitPackage pkg = WitParser.parse("package a:b; interface i { f: " + func + "; }", "again.wit");
        FuncType type = ResolvedWit.of(pkg, List.of()).funcType(new Scope(pkg.name(), "i"),
                pkg.iface("i").orElseThrow().functions().get(0), Optional.empty());
        assertThat(type.wit()).isEqualTo(func.replace("%", ""));
    }

    private static ValueType resolveAlone(String type) {
        WitPackage pkg = WitParser.parse("package t:t; interface i { type x = " + type + "; }", "t.wit");
        return ResolvedWit.of(pkg, List.of()).valueType(new Scope(pkg.name(), "i"), WitParser.parseType(type));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "package a:b;\\ninterface i {\\n  f: func(x: u32) -> ;\\n}|x.wit:3:22: expected a type, found `;`",
        "package a:b;\\ninterface i {\\n  record r { a: u32 b: u32 }\\n}|x.wit:3:21: expected `,` or `}` after the field `a`, found `b`",
        "package a:b;\\ninterface i { type = u32; }|x.wit:2:20: expected a type name, found `=`",
        "package a:b;\\ninterface i { record type { a: u32 } }|x.wit:2:22: expected a record name, found the keyword `type` (write `%type` to use it as a name)",
        "package a:b;\\ninterface i { camelCase: func(); }|x.wit:2:15: `camelCase` is not a kebab-case name: each word is all lower case or all upper case and starts with a letter (expected a function, type or `use` (or `}`))",
        "package a:b;\\ninterface i { f: func();|x.wit:2:25: expected `}` closing interface `i`, found the end of the file",
        "package a:b@1.0;|x.wit:1:13: expected a semver version (like 1.2.3 or 0.2.0-rc.1), found `1.0`",
        "package a:b;\\nworld w { frob; }|x.wit:2:11: expected `import`, `export`, `use`, `include`, a type definition or `}`, found `frob`",
        "package a:b;\\ninterface i { f: func(s: stream<u8>); }|x.wit:2:26: `stream` is not supported by this host (async and map types are not yet)",
        "package a:b;\\n/* open|x.wit:2:1: the block comment is not closed (`*/` expected)",
        "package a:b;\\ninterface i { f: func() -> (a: u32); }|x.wit:2:28: expected one result type (named results `-> (a: T, ...)` are no longer WIT), found `(`",
    })
    void syntaxErrorsSayWhereAndWhat(String source, String message) {
        assertThatThrownBy(() -> WitParser.parse(source.replace("\\n", "\n"), "x.wit"))
                .isInstanceOf(WitException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "package a:b;\\ninterface i { type x = y; }|x.wit:2:24: no type `y` in a:b/i",
        "package a:b;\\ninterface i { type x = x; }|x.wit:2:24: type `x` refers to itself",
        "package a:b;\\ninterface i { record p { q: q } record q { p: p } }|x.wit:2:47: type `p` refers to itself",
        "package a:b;\\ninterface i { type x = u32; type x = u64; }|x.wit:2:29: `x` is defined twice in a:b/i",
        "package a:b;\\ninterface i { use j.{t}; }|x.wit:2:19: no interface `j` in package a:b",
        "package a:b;\\ninterface i { use wasi:io/streams.{t}; }|x.wit:2:19: no package wasi:io (put its .wit files under deps/)",
        "package a:b;\\ninterface i { f: func(a: u8, a: u8); }|x.wit:2:15: parameter `a` of `f` is named twice",
        "package a:b;\\ninterface i { type r = u8; f: func(x: borrow<r>); }|x.wit:2:46: `borrow<r>`: `r` is not a resource",
        "package a:b;\\nworld w { include w; }|x.wit:2:1: world `w` includes itself",
        "package a:b;\\nworld w { import f: func(); import f: func(); }|x.wit:2:29: `f` is imported twice by world `w`",
        "package a:b;\\ninterface i { record r { a: u8, a: u8 } }|x.wit:2:15: `r`: a record names 'a' twice",
        "package a:b;\\ninterface i { resource r { constructor() -> u32; } }|x.wit:2:28: a constructor's result must be `result<r, E>` or absent",
        "package a:b;\\nworld v { import f: func(); }\\nworld w { import f: func(); include v; }|x.wit:3:29: `f` is imported by world `w` and by the world it includes, `v`: rename it (include v with { f as ... })",
    })
    void resolutionErrorsSayWhereAndWhat(String source, String message) {
        WitPackage pkg = WitParser.parse(source.replace("\\n", "\n"), "x.wit");
        assertThatThrownBy(() -> ResolvedWit.of(pkg, List.of()))
                .isInstanceOf(WitException.class).hasMessage(message);
    }

    @Test
    void aDirectoryIsOnePackage(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.wit"), "package x:y@2.0.0;\ninterface a { type t = u8; }");
        Files.writeString(dir.resolve("b.wit"), "interface b { use a.{t}; f: func() -> t; }\nworld w { export b; }");
        ResolvedWit wit = WitParser.load(dir);
        assertThat(wit.main().interfaces()).extracting(WitInterface::name).containsExactly("a", "b");
        assertThat(wit.exports(wit.world("w").orElseThrow())).extracting(ResolvedWit.Item::name)
                .containsExactly("x:y/b@2.0.0");
        Files.writeString(dir.resolve("c.wit"), "package x:z;\ninterface c {}");
        assertThatThrownBy(() -> WitParser.parseDirectory(dir)).isInstanceOf(WitException.class)
                .hasMessageContaining("c.wit:1:1: the file is in package x:z but ")
                .hasMessageContaining("the files of one directory are one package");
        Files.write(dir.resolve("c.wit"), new byte[] {'/', '/', (byte) 0xff});
        assertThatThrownBy(() -> WitParser.parseDirectory(dir)).isInstanceOf(WitException.class)
                .hasMessageEndingWith("c.wit:1:1: the file is not valid UTF-8");
    }

    @Test
    void hostileNestingIsRefusedBeforeTheStackRunsOut() {
        String deep = "list<".repeat(100_000) + "u8" + ">".repeat(100_000);
        assertThatThrownBy(() -> WitParser.parse("package a:b;\ninterface i { type t = " + deep + "; }", "x.wit"))
                .isInstanceOf(WitException.class).hasMessage("x.wit:2:524: types nest more than 100 deep");
        StringBuilder chain = new StringBuilder("package a:b;\ninterface i {\n");
        for (int i = 0; i < 50_000; i++) {
            chain.append("type t").append(i).append(" = t").append(i + 1).append(";\n");
        }
        chain.append("type t50000 = u8;\n}\n");
        WitPackage pkg = WitParser.parse(chain.toString(), "x.wit");
        assertThatThrownBy(() -> ResolvedWit.of(pkg, List.of())).isInstanceOf(WitException.class)
                .hasMessageContaining("named types nest more than 100 deep");
        // 100 deep is still fine.
        String ok = "list<".repeat(99) + "u8" + ">".repeat(99);
        assertThat(WitParser.parseType(ok)).isInstanceOf(WitType.ListOf.class);
    }

    @Test
    void controlCharactersAreRefused() {
        assertThatThrownBy(() -> WitParser.parse("package a:b;\ninterface i {\u202E}", "x.wit"))
                .hasMessage("x.wit:2:14: a control or bidirectional-override character (U+202E) is not allowed in WIT");
    }
}
