package dev.plinth.component.wit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.component.Component;
import dev.plinth.testing.ComponentWat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WIT printed for components assembled from WAT, against what {@code jco wit} (wit-component's printer)
 * prints for the same binary: the world's lines, in order, are the same, and the interfaces jco leaves out
 * are printed after the world.
 */
class WitPrinterTest {
    /** Imported interface with a named type, imported world types (eq), a function import, an exported interface. */
    static final String WORLD = """
            (component
              (import "my:app/host@1.0.0" (instance $host
                (type $entry (record (field "key" string) (field "n" u32)))
                (export "entry" (type $entry' (eq $entry)))
                (type $log-t (func (param "msg" string)))
                (export "log" (func (type $log-t)))
                (type $get-t (func (param "e" $entry') (result u32)))
                (export "get" (func (type $get-t)))
              ))
              (import "tick" (func $tick (param "n" u64)))
              (type $item (record (field "name" string) (field "count" u32)))
              (import "item" (type $item-e (eq $item)))
              (type $color (enum "red" "green"))
              (import "color" (type $color-e (eq $color)))
              (type $shape (variant (case "circle" f64) (case "none") (case "label" string)))
              (import "shape" (type $shape-e (eq $shape)))
              (type $perm (flags "read" "write"))
              (import "perm" (type $perm-e (eq $perm)))
              (type $ids (list u64))
              (import "ids" (type $ids-e (eq $ids)))
              (type $req (record (field "request-id" string) (field "items" (list $item-e)) (field "color" $color-e)
                (field "shape" (option $shape-e)) (field "perm" $perm-e) (field "ids" $ids-e)))
              (import "request" (type $req-e (eq $req)))
              (core module $m
                (memory (export "mem") 1)
                (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 64)
                (func (export "process") (param i32 i32 i32 i32 i32 i32 i32 i64 i32 i32 i32 i32) (result i32) i32.const 0)
                (func (export "g") (param i32) (result i32) local.get 0)
                (func (export "pair") (param i32 i32 i32) (result i32) i32.const 0)
              )
              (core instance $i (instantiate $m))
              (alias core export $i "mem" (core memory $mem))
              (alias core export $i "realloc" (core func $realloc))
              (type $out (result string (error u32)))
              (func $process (param "req" $req-e) (result $out)
                (canon lift (core func $i "process") (memory $mem) (realloc $realloc)))
              (export "process" (func $process))
              (func $paint (param "c" $color-e) (result $color-e) (canon lift (core func $i "g")))
              (export "paint" (func $paint))
              (type $pair-r (tuple s8 (list string) (result) (result (error u8))))
              (func $pair (param "a" (option bool)) (param "b" char) (result $pair-r)
                (canon lift (core func $i "pair") (memory $mem) (realloc $realloc)))
              (export "pair" (func $pair))
              (func $paint2 (param "c" $color-e) (result $color-e) (canon lift (core func $i "g")))
              (instance $api (export "paint" (func $paint2)))
              (export "my:app/api@1.0.0" (instance $api))
            )
            """;

    /** An imported interface with a resource (constructor, method, static) and a keyword as a parameter name. */
    static final String RESOURCES = """
            (component
              (import "host" (instance $host
                (export "counter" (type $c (sub resource)))
                (type $own (own $c))
                (type $borrow (borrow $c))
                (type $ctor (func (param "start" u32) (result $own)))
                (export "[constructor]counter" (func (type $ctor)))
                (type $get (func (param "self" $borrow) (result u32)))
                (export "[method]counter.get" (func (type $get)))
                (type $add (func (param "self" $borrow) (param "other" $borrow) (param "by" $own)))
                (export "[method]counter.add" (func (type $add)))
                (type $zero (func (result $own)))
                (export "[static]counter.zero" (func (type $zero)))
                (type $log-t (func (param "msg" string)))
                (export "log" (func (type $log-t)))
              ))
              (core module $m (func (export "f") (param i32) (result i32) local.get 0))
              (core instance $i (instantiate $m))
              (func $f (param "type" u32) (result u32) (canon lift (core func $i "f")))
              (export "run" (func $f))
            )
            """;

    @TempDir
    Path dir;

    @Test
    void aWorldOfNamedAndAnonymousTypesPrintsAsJcoPrintsIt() throws Exception {
        byte[] wasm = ComponentWat.assemble(WORLD);
        String ours = WitPrinter.print(Component.parse(wasm));
        assertThat(worldLines(ours)).containsExactlyElementsOf(worldLines(jcoWit(wasm)));
        assertThat(ours).contains("""
                  export process: func(req: request) -> result<string, u32>;
                  export paint: func(c: color) -> color;
                  export pair: func(a: option<bool>, b: char) -> tuple<s8, list<string>, result, result<_, u8>>;
                  export my:app/api@1.0.0;
                }
                """);
        // jco names the interfaces only; their definitions follow the world here.
        assertThat(ours).endsWith("""
                }

                package my:app@1.0.0 {
                  interface host {
                    record entry {
                      key: string,
                      n: u32,
                    }

                    log: func(msg: string);
                    get: func(e: entry) -> u32;
                  }

                  interface api {
                    paint: func(c: color) -> color;
                  }
                }
                """);
    }

    @Test
    void resourcesPrintWithTheirConstructorsMethodsAndStatics() throws Exception {
        byte[] wasm = ComponentWat.assemble(RESOURCES);
        String ours = WitPrinter.print(Component.parse(wasm));
        assertThat(ours).isEqualTo(jcoWit(wasm));
        assertThat(ours).contains("      add: func(other: borrow<counter>, by: counter);\n")
                .contains("  export run: func(%type: u32) -> u32;\n");
    }

    @Test
    void aComponentThatImportsAndExportsNothingIsAnEmptyWorld() throws Exception {
        byte[] wasm = ComponentWat.assemble("(component)");
        assertThat(WitPrinter.print(Component.parse(wasm))).isEqualTo(jcoWit(wasm))
                .isEqualTo("package root:component;\n\nworld root {\n}\n");
    }

    @Test
    void aTypeOfAnotherInterfaceIsAUseOfIt() throws Exception {
        // As wit-component writes `use`: an outer alias of the first interface's resource in the second's type.
        byte[] wasm = ComponentWat.assemble("""
                (component $root
                  (import "my:io/error@1.0.0" (instance $err (export "error" (type (sub resource)))))
                  (alias export $err "error" (type $error))
                  (import "my:io/streams@1.0.0" (instance $streams
                    (alias outer $root $error (type $e))
                    (export "error" (type $e' (eq $e)))
                    (type $s (variant (case "failed" (own $e')) (case "closed")))
                    (export "stream-error" (type $se (eq $s)))
                    (type $f (func (result $se)))
                    (export "last" (func (type $f)))))
                )
                """);
        String ours = WitPrinter.print(Component.parse(wasm));
        assertThat(worldLines(ours)).containsExactlyElementsOf(worldLines(jcoWit(wasm)));
        assertThat(ours).endsWith("""
                package my:io@1.0.0 {
                  interface error {
                    resource error;
                  }

                  interface streams {
                    use my:io/error@1.0.0.{error};

                    variant stream-error {
                      failed(error),
                      closed,
                    }

                    last: func() -> stream-error;
                  }
                }
                """);
    }

    @Test
    void typesExportedByTheComponentItselfAreNamedToo() {
        // wit-component never writes top-level type exports (jco wit refuses them), but the binary format allows them.
        byte[] wasm = ComponentWat.assemble("""
                (component
                  (core module $m (func (export "f") (param i32) (result i32) local.get 0))
                  (core instance $i (instantiate $m))
                  (type $level (enum "low" "high"))
                  (export $level-e "level" (type $level))
                  (type $id (option u32))
                  (export $id-e "id" (type $id))
                  (func $f (param "l" $level-e) (result $level-e) (canon lift (core func $i "f")))
                  (export "echo" (func $f))
                  (type $shape (variant (case "dot") (case "ring" u8)))
                  (func $g (param "s" $shape) (result u32) (canon lift (core func $i "f")))
                  (instance $api (export "shape" (type $shape)) (export "size" (func $g)))
                  (export "shapes" (instance $api))
                )
                """);
        assertThat(WitPrinter.print(Component.parse(wasm))).isEqualTo("""
                package root:component;

                world root {
                  enum level {
                    low,
                    high,
                  }

                  type id = option<u32>;
                  export echo: func(l: level) -> level;
                  export shapes: interface {
                    variant shape {
                      dot,
                      ring(u8),
                    }

                    size: func(s: shape) -> u32;
                  }
                }
                """);
    }

    /** The lines of the world block, trimmed, without blank lines (jco and this printer place those differently). */
    static List<String> worldLines(String wit) {
        List<String> lines = new ArrayList<>();
        boolean in = false;
        for (String line : wit.split("\n")) {
            if (line.startsWith("world ")) {
                in = true;
            } else if (in && line.equals("}")) {
                break;
            } else if (in && !line.isBlank()) {
                lines.add(line.trim());
            }
        }
        return lines;
    }

    private String jcoWit(byte[] wasm) throws IOException, InterruptedException {
        Path file = Files.write(dir.resolve("c" + System.nanoTime() + ".wasm"), wasm);
        Process process = new ProcessBuilder(System.getProperty("plinth.jco"), "wit", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        // jco prints the text with a line break of its own after it.
        return output.stripTrailing() + "\n";
    }
}
