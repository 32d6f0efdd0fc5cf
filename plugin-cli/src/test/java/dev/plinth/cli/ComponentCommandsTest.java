package dev.plinth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testing.ComponentWat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code plinth call} and {@code plinth inspect} of real component files, assembled from component WAT with
 * jco: arguments as JSON by the export's WIT types, results printed as JSON, mismatches named by parameter and
 * path, traps and deadlines as for core modules, and the component's WIT.
 */
class ComponentCommandsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * {@code process(req: request) -> result<string, u32>}: ok(request-id), or err(0) for a request without
     * items; {@code total(items: list<item>) -> u32} sums the counts (a loop over the lowered records);
     * {@code add}, a trap, a loop that never ends, and {@code double} in an exported interface.
     */
    static final String PROCESSOR = """
            (component
              (core module $m
                (memory (export "mem") 1)
                (global $next (mut i32) (i32.const 1024))
                (func (export "realloc") (param i32 i32 i32 i32) (result i32)
                  (local $p i32)
                  global.get $next
                  local.get 2 i32.const 1 i32.sub i32.add
                  i32.const 0 local.get 2 i32.sub i32.and
                  local.tee $p
                  local.get 3 i32.add
                  global.set $next
                  local.get $p)
                (func (export "process") (param $id i32) (param $len i32) (param $items i32) (param $n i32)
                    (result i32)
                  (if (i32.eqz (local.get $n))
                    (then
                      (i32.store8 (i32.const 16) (i32.const 1))
                      (i32.store (i32.const 20) (i32.const 0)))
                    (else
                      (i32.store8 (i32.const 16) (i32.const 0))
                      (i32.store (i32.const 20) (local.get $id))
                      (i32.store (i32.const 24) (local.get $len))))
                  i32.const 16)
                (func (export "total") (param $items i32) (param $n i32) (result i32)
                  (local $sum i32)
                  (block $done
                    (loop $next
                      (br_if $done (i32.eqz (local.get $n)))
                      (local.set $sum (i32.add (local.get $sum) (i32.load offset=8 (local.get $items))))
                      (local.set $items (i32.add (local.get $items) (i32.const 12)))
                      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                      (br $next)))
                  local.get $sum)
                (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
                (func (export "double") (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
                (func (export "crash") unreachable)
                (func (export "spin") (loop $l (br $l)))
              )
              (core instance $i (instantiate $m))
              (alias core export $i "mem" (core memory $mem))
              (alias core export $i "realloc" (core func $realloc))
              (type $item (record (field "name" string) (field "count" u32)))
              (import "item" (type $item-e (eq $item)))
              (type $req (record (field "request-id" string) (field "items" (list $item-e))))
              (import "request" (type $req-e (eq $req)))
              (type $out (result string (error u32)))
              (func $process (param "req" $req-e) (result $out)
                (canon lift (core func $i "process") (memory $mem) (realloc $realloc)))
              (export "process" (func $process))
              (func $total (param "items" (list $item-e)) (result u32)
                (canon lift (core func $i "total") (memory $mem) (realloc $realloc)))
              (export "total" (func $total))
              (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
              (export "add" (func $add))
              (func $crash (canon lift (core func $i "crash")))
              (export "crash" (func $crash))
              (func $spin (canon lift (core func $i "spin")))
              (export "spin" (func $spin))
              (func $double (param "n" u32) (result u32) (canon lift (core func $i "double")))
              (instance $api (export "double" (func $double)))
              (export "my:app/math@1.0.0" (instance $api))
            )
            """;

    private static Path processor;
    private static Path needsLog;

    @TempDir
    static Path dir;

    @BeforeAll
    static void assemble() throws IOException {
        processor = Files.write(dir.resolve("processor.wasm"), ComponentWat.assemble(PROCESSOR));
        needsLog = Files.write(dir.resolve("needs-log.wasm"), ComponentWat.assemble("""
                (component
                  (import "log" (func $log (param "msg" string)))
                  (core module $m (func (export "run")))
                  (core instance $i (instantiate $m))
                  (func $run (canon lift (core func $i "run")))
                  (export "run" (func $run))
                )
                """));
    }

    @Test
    void callsAnExportWithJsonArgumentsAndPrintsTheResultAsJson() {
        Cli.Result ok = Cli.run("call", processor.toString(), "process", "--args",
                "[{\"request-id\":\"r1\",\"items\":[{\"name\":\"a\",\"count\":2}]}]");
        assertThat(ok.status()).as(ok.toString()).isZero();
        assertThat(ok.out()).isEqualTo("{\"ok\":\"r1\"}\n");
        assertThat(ok.stderr()).isEmpty();

        Cli.Result err = Cli.run("call", processor.toString(), "process", "--args",
                "{\"req\":{\"request-id\":\"r2\",\"items\":[]}}");
        assertThat(err.status()).as(err.toString()).isZero();
        assertThat(err.out()).isEqualTo("{\"err\":0}\n");

        Cli.Result total = Cli.run("call", processor.toString(), "total", "--args",
                "[[{\"name\":\"a\",\"count\":2},{\"name\":\"b\",\"count\":40},{\"name\":\"c\",\"count\":100}]]",
                "--interpreter");
        assertThat(total.status()).as(total.toString()).isZero();
        assertThat(total.out()).isEqualTo("142\n");

        Cli.Result add = Cli.run("call", processor.toString(), "add", "--args", "[4000000000, 294967295]");
        assertThat(add.out()).as(add.toString()).isEqualTo("4294967295\n");
    }

    @Test
    void anInterfaceFunctionByItsFullNameOrItsOwnName() {
        assertThat(Cli.run("call", processor.toString(), "my:app/math@1.0.0#double", "--args", "[21]").out())
                .isEqualTo("42\n");
        assertThat(Cli.run("call", processor.toString(), "double", "--args", "[5]").out()).isEqualTo("10\n");
    }

    @Test
    void argumentsFromAFileOrStdin() throws IOException {
        Path args = Files.writeString(dir.resolve("args.json"), "[1, 2]");
        assertThat(Cli.run("call", processor.toString(), "add", "--args-file", args.toString()).out())
                .isEqualTo("3\n");
        assertThat(Cli.runWithStdin("[3, 4]".getBytes(StandardCharsets.UTF_8), "call", processor.toString(), "add",
                "--args-file", "-").out()).isEqualTo("7\n");
    }

    @Test
    void aTypeMismatchNamesTheParameterAndThePath() {
        Cli.Result r = Cli.run("call", processor.toString(), "process", "--args",
                "[{\"request-id\":\"r1\",\"items\":[{\"name\":\"a\",\"count\":2},{\"name\":7,\"count\":1}]}]");
        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.firstErrLine()).isEqualTo("plinth: --args for process: at $[0].items[1].name (parameter req): expected a"
                + " string, got the number 7");

        Cli.Result range = Cli.run("call", processor.toString(), "add", "--args", "[1, -1]");
        assertThat(range.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(range.firstErrLine()).endsWith("at $[1] (parameter b): expected an integer 0..4294967295 (u32),"
                + " got -1, which is out of range");
    }

    @Test
    void anArityMismatchOrJsonThatIsNotJsonIsAUsageError() {
        Cli.Result none = Cli.run("call", processor.toString(), "add");
        assertThat(none.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.firstErrLine()).isEqualTo("plinth: --args for add: at $: expected 2"
                + " arguments (a: u32, b: u32), got 0 elements");
        Cli.Result more = Cli.run("call", processor.toString(), "add", "--args", "[1, 2, 3]");
        assertThat(more.firstErrLine()).endsWith("expected 2 arguments (a: u32, b: u32), got 3 elements");
        Cli.Result broken = Cli.run("call", processor.toString(), "add", "--args", "[1, 2");
        assertThat(broken.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(broken.firstErrLine()).startsWith("plinth: --args for add: at $: not JSON:");
    }

    @Test
    void anUnknownExportIsNotFoundAndListsTheExports() {
        Cli.Result r = Cli.run("call", processor.toString(), "nope", "--args", "[]");
        assertThat(r.status()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.firstErrLine()).startsWith("plinth: not-found: the component exports no function \"nope\"; it"
                + " exports add: func(a: u32, b: u32) -> u32; crash: func();");
    }

    @Test
    void aTrapAndARunawayLoopEndAsForCoreModules() {
        Cli.Result crash = Cli.run("call", processor.toString(), "crash");
        assertThat(crash.status()).as(crash.toString()).isEqualTo(ExitCodes.TRAP);
        assertThat(crash.firstErrLine()).startsWith("plinth: trap: canonical ABI: the guest trapped in crash: Trapped on unreachable");

        Cli.Result spin = Cli.run("call", processor.toString(), "spin", "--timeout", "200ms");
        assertThat(spin.status()).as(spin.toString()).isEqualTo(ExitCodes.LIMIT);
        assertThat(spin.firstErrLine()).startsWith("plinth: timeout: processor.spin ran past its deadline of 200 ms");

        Cli.Result fuel = Cli.run("call", processor.toString(), "spin", "--fuel", "100000");
        assertThat(fuel.status()).as(fuel.toString()).isEqualTo(ExitCodes.LIMIT);
        assertThat(fuel.firstErrLine()).startsWith("plinth: fuel-exhausted: ");
    }

    @Test
    void anImportTheCommandCannotProvideIsNamed() {
        Cli.Result r = Cli.run("call", needsLog.toString(), "run");
        assertThat(r.status()).isEqualTo(ExitCodes.CANNOT_LOAD);
        assertThat(r.firstErrLine()).startsWith("plinth: invalid-module: needs-log.wasm imports what this host does not"
                + " provide: log; a component plugin may import WASI 0.2.x [");
    }

    @Test
    void optionsOfTheHostAreRefusedForComponentsAndArgsForCoreModules() {
        Cli.Result r = Cli.run("call", processor.toString(), "add", "--input", "x", "--host-function", "f");
        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.firstErrLine()).isEqualTo("plinth: --input, --host-function: not for components; "
                + processor + " is a component: give its arguments with --args (the interfaces it imports are"
                + " granted with --grant)");

        Path core = Fixtures.assembled("core.wasm", "(module (func (export \"run\") (result i32) i32.const 0))");
        Cli.Result c = Cli.run("call", core.toString(), "run", "--args", "[]");
        assertThat(c.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.firstErrLine()).startsWith("plinth: --args and --args-file are for components; ");
    }

    @Test
    void inspectPrintsTheKindAndTheWit() {
        Cli.Result r = Cli.run("inspect", processor.toString());
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).contains("  kind      WebAssembly component (Component Model)")
                .containsPattern("  sha256    [0-9a-f]{64}\n")
                .containsPattern("  interface [0-9a-f]{64} \\(compatibility hash of its imports and exports\\)\n")
                .contains("""
                        world root {
                          record item {
                            name: string,
                            count: u32,
                          }

                          record request {
                            request-id: string,
                            items: list<item>,
                          }

                          export process: func(req: request) -> result<string, u32>;
                          export total: func(items: list<item>) -> u32;
                          export add: func(a: u32, b: u32) -> u32;
                          export crash: func();
                          export spin: func();
                          export my:app/math@1.0.0;
                        }

                        package my:app@1.0.0 {
                          interface math {
                            double: func(n: u32) -> u32;
                          }
                        }
                        """);
        Cli.Result needs = Cli.run("inspect", needsLog.toString());
        assertThat(needs.out()).contains("  import log: func(msg: string);\n\n  export run: func();\n");
    }

    @Test
    void inspectJsonAndCheck() {
        Cli.Result r = Cli.run("inspect", processor.toString(), "--json");
        assertThat(r.status()).as(r.toString()).isZero();
        JsonNode report = JSON.readTree(r.out());
        assertThat(report.get("kind").stringValue()).isEqualTo("component");
        assertThat(report.get("sha256").stringValue()).hasSize(64);
        assertThat(report.get("interfaceHash").stringValue()).as("the same as on the second run")
                .matches("[0-9a-f]{64}").isEqualTo(JSON.readTree(Cli.run("inspect", processor.toString(), "--json")
                        .out()).get("interfaceHash").stringValue()).isNotEqualTo(report.get("sha256").stringValue());
        assertThat(report.get("wit").stringValue()).contains("export add: func(a: u32, b: u32) -> u32;");
        assertThat(report.get("exports").get(0).get("name").stringValue()).isEqualTo("process");
        assertThat(report.get("exports").get(0).get("type").stringValue())
                .isEqualTo("func(req: record { request-id: string, items: list<record { name: string, count: u32 }> })"
                        + " -> result<string, u32>");
        assertThat(report.get("imports").get(0).get("name").stringValue()).isEqualTo("item");

        assertThat(report.get("loadable").isNull()).as("not loaded without --check").isTrue();
        Cli.Result check = Cli.run("inspect", "--check", processor.toString());
        assertThat(check.status()).as(check.toString()).isZero();
        assertThat(check.out()).contains("  loads     yes, as the engine loads it");
        Cli.Result refused = Cli.run("inspect", "--check", "--json", needsLog.toString());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(ExitCodes.NOT_LOADABLE);
        JsonNode why = JSON.readTree(refused.out());
        assertThat(why.get("loadable").booleanValue()).isFalse();
        assertThat(why.get("code").stringValue()).isEqualTo("invalid-module");
        assertThat(why.get("reason").stringValue()).startsWith("needs-log.wasm imports what this host does not"
                + " provide: log;");
    }

    /** A start function that never returns, a list result of 2^28 bytes, a string result past the end of memory. */
    static final String HOSTILE = """
            (component
              (core module $m
                (memory (export "mem") 1)
                (global $armed (mut i32) (i32.const 0))
                (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 1024)
                (func $start (if (global.get $armed) (then (loop $l (br $l)))))
                (start $start)
                (func (export "huge") (result i32)
                  (i32.store (i32.const 16) (i32.const 0))
                  (i32.store (i32.const 20) (i32.const 0x10000000))
                  i32.const 16)
                (func (export "wild") (result i32)
                  (i32.store (i32.const 16) (i32.const 65000))
                  (i32.store (i32.const 20) (i32.const 1000))
                  i32.const 16)
                (func (export "count") (param i32 i32) (result i32) local.get 1)
              )
              (core instance $i (instantiate $m))
              (alias core export $i "mem" (core memory $mem))
              (alias core export $i "realloc" (core func $realloc))
              (func $huge (result (list u8)) (canon lift (core func $i "huge") (memory $mem)))
              (export "huge" (func $huge))
              (func $wild (result string) (canon lift (core func $i "wild") (memory $mem)))
              (export "wild" (func $wild))
              (func $count (param "l" (list u8)) (result u32)
                (canon lift (core func $i "count") (memory $mem) (realloc $realloc)))
              (export "count" (func $count))
            )
            """;

    @Test
    void hostileResultsAreTrapsAndTheCommandEnds() throws IOException {
        Path hostile = Files.write(dir.resolve("hostile.wasm"), ComponentWat.assemble(HOSTILE));
        Cli.Result huge = Cli.run("call", hostile.toString(), "huge");
        assertThat(huge.status()).as(huge.toString()).isEqualTo(ExitCodes.TRAP);
        assertThat(huge.firstErrLine()).startsWith("plinth: trap: canonical ABI: ").contains("268435456");
        assertThat(huge.out()).isEmpty();
        Cli.Result wild = Cli.run("call", hostile.toString(), "wild");
        assertThat(wild.status()).as(wild.toString()).isEqualTo(ExitCodes.TRAP);
        assertThat(wild.firstErrLine()).startsWith("plinth: trap: canonical ABI: ");
    }

    @Test
    void aStartFunctionThatNeverReturnsIsStoppedByTheDeadline() throws IOException {
        // Armed: the start function loops, and instantiating runs it.
        Path looping = Files.write(dir.resolve("looping.wasm"), ComponentWat.assemble(HOSTILE.replace(
                "(global $armed (mut i32) (i32.const 0))", "(global $armed (mut i32) (i32.const 1))")));
        Cli.Result r = Cli.run("call", looping.toString(), "huge", "--timeout", "200ms");
        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.LIMIT);
        assertThat(r.firstErrLine()).startsWith("plinth: timeout: looping.<instantiate> ran past its deadline of 200 ms");
    }

    @Test
    void argumentsOverTheLimitsOrNestedPastReasonAreUsageErrors() throws IOException {
        Path hostile = Files.write(dir.resolve("hostile-args.wasm"), ComponentWat.assemble(HOSTILE));
        StringBuilder big = new StringBuilder("[\"");
        // base64 of 2^20 + 3 bytes: one list element more than a call may lower
        big.append(java.util.Base64.getEncoder().encodeToString(new byte[(1 << 20) + 3])).append("\"]");
        Cli.Result tooLong = Cli.run("call", hostile.toString(), "count", "--args", big.toString());
        assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooLong.firstErrLine()).startsWith("plinth: --args for count: ");
        Cli.Result fits = Cli.run("call", hostile.toString(), "count", "--args",
                "[\"" + java.util.Base64.getEncoder().encodeToString(new byte[1000]) + "\"]");
        assertThat(fits.out()).as(fits.toString()).isEqualTo("1000\n");

        Cli.Result deep = Cli.run("call", hostile.toString(), "count", "--args",
                "[".repeat(100_000) + "]".repeat(100_000));
        assertThat(deep.status()).as(deep.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(deep.firstErrLine()).startsWith("plinth: --args for count: at $: not JSON: ");
    }

    @Test
    void aBrokenComponentIsAnInvalidModule() throws IOException {
        byte[] bytes = Files.readAllBytes(processor);
        Path broken = Files.write(dir.resolve("broken.wasm"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Cli.Result call = Cli.run("call", broken.toString(), "add", "--args", "[1, 2]");
        assertThat(call.status()).isEqualTo(ExitCodes.CANNOT_LOAD);
        assertThat(call.firstErrLine()).startsWith("plinth: invalid-module: ");
        Cli.Result inspect = Cli.run("inspect", broken.toString());
        assertThat(inspect.status()).isEqualTo(ExitCodes.CANNOT_LOAD);
        assertThat(inspect.firstErrLine()).startsWith("plinth: invalid-module: ");
    }
}
