package dev.plinth.host.component;

import dev.plinth.testing.ComponentWat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Components assembled from component-model WAT for the engine's tests, written into a plugins folder. */
final class ComponentPlugins {
    /** A bump allocator from 1024 up, as {@code cabi_realloc} for the host's arguments. */
    private static final String REALLOC = """
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
            """;

    /**
     * {@code echo: func(s: string) -> string}, {@code bytes: func(b: list<u8>) -> list<u8>},
     * {@code refuse: func(s: string) -> result<string, string>} (always {@code err(s)}), {@code calls: func() -> u32}
     * (how many calls this instance has had), {@code trap: func() -> u32}, {@code add: func(a: u32, b: u32) -> u32}.
     */
    static final String GREETER = """
            (component
              (core module $m
                (memory (export "mem") 1)
                (global $calls (mut i32) (i32.const 0))
            %s
                (func (export "echo") (param i32 i32) (result i32)
                  i32.const 16 local.get 0 i32.store
                  i32.const 20 local.get 1 i32.store
                  i32.const 16)
                (func (export "refuse") (param i32 i32) (result i32)
                  i32.const 32 i32.const 1 i32.store8
                  i32.const 36 local.get 0 i32.store
                  i32.const 40 local.get 1 i32.store
                  i32.const 32)
                (func (export "calls") (result i32)
                  global.get $calls i32.const 1 i32.add global.set $calls global.get $calls)
                (func (export "trap") (result i32) unreachable)
                (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
              (core instance $i (instantiate $m))
              (alias core export $i "mem" (core memory $mem))
              (alias core export $i "realloc" (core func $realloc))
              (type $r (result string (error string)))
              (type $lu8 (list u8))
              (func $echo (param "s" string) (result string)
                (canon lift (core func $i "echo") (memory $mem) (realloc $realloc)))
              (export "echo" (func $echo))
              (func $bytes (param "b" $lu8) (result $lu8)
                (canon lift (core func $i "echo") (memory $mem) (realloc $realloc)))
              (export "bytes" (func $bytes))
              (func $refuse (param "s" string) (result $r)
                (canon lift (core func $i "refuse") (memory $mem) (realloc $realloc)))
              (export "refuse" (func $refuse))
              (func $calls (result u32) (canon lift (core func $i "calls")))
              (export "calls" (func $calls))
              (func $trap (result u32) (canon lift (core func $i "trap")))
              (export "trap" (func $trap))
              (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
              (export "add" (func $add)))
            """.formatted(REALLOC);

    /**
     * {@code spin: func()} (loops forever), {@code grow: func() -> u32} (grows its memory a page at a time until
     * refused, then traps), {@code burn: func(n: u32) -> u32} (counts n down), {@code ok: func() -> u32} (42).
     */
    static final String HOSTILE = """
            (component
              (core module $m
                (memory (export "mem") 1)
                (func (export "spin") (loop $l br $l))
                (func (export "grow") (result i32)
                  (loop $l
                    i32.const 1 memory.grow i32.const -1 i32.ne br_if $l)
                  unreachable)
                (func (export "burn") (param i32) (result i32)
                  (loop $l local.get 0 i32.const 1 i32.sub local.tee 0 br_if $l)
                  local.get 0)
                (func (export "ok") (result i32) i32.const 42))
              (core instance $i (instantiate $m))
              (func $spin (canon lift (core func $i "spin")))
              (export "spin" (func $spin))
              (func $grow (result u32) (canon lift (core func $i "grow")))
              (export "grow" (func $grow))
              (func $burn (param "n" u32) (result u32) (canon lift (core func $i "burn")))
              (export "burn" (func $burn))
              (func $ok (result u32) (canon lift (core func $i "ok")))
              (export "ok" (func $ok)))
            """;

    private ComponentPlugins() {
    }

    /** Assembles {@code wat} into {@code <dir>/<name>.wasm}, a bare component plugin. */
    static Path write(Path dir, String name, String wat) {
        try {
            return Files.write(dir.resolve(name + ".wasm"), ComponentWat.assemble(wat));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
