package dev.plinth.testing;

/**
 * Modules of a two-module plugin ({@code [modules]} in {@code plugin.toml}) that the engine's and
 * hot reload's tests both load: a main module that imports a library's memory and function.
 */
public final class MultiModuleWat {
    /**
     * The main module: copies the input to the library's memory at 4, has the library upper-case it
     * there, and outputs that memory from 0, so the library's four-byte prefix and the upper-cased
     * input. Imports {@code lib.memory} and {@code lib.upper}.
     */
    public static final String SHOUT_MAIN = """
            (module
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "lib" "memory" (memory 1))
              (import "lib" "upper" (func $upper (param i32 i32)))
              (func (export "shout") (result i32) (local $n i32) (local $i i32) (local $out i64)
                (local.set $n (i32.wrap_i64 (call $input_length)))
                (block $done (loop $next
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  (i32.store8 (i32.add (i32.const 4) (local.get $i))
                    (call $input_load_u8 (i64.extend_i32_u (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $next)))
                (call $upper (i32.const 4) (local.get $n))
                (local.set $n (i32.add (local.get $n) (i32.const 4)))
                (local.set $out (call $alloc (i64.extend_i32_u (local.get $n))))
                (local.set $i (i32.const 0))
                (block $copied (loop $copy
                  (br_if $copied (i32.ge_u (local.get $i) (local.get $n)))
                  (call $store_u8 (i64.add (local.get $out) (i64.extend_i32_u (local.get $i)))
                    (i32.load8_u (local.get $i)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $copy)))
                (call $output_set (local.get $out) (i64.extend_i32_u (local.get $n)))
                (i32.const 0)))
            """;

    private MultiModuleWat() {
    }

    /**
     * The library {@code lib}: exports its memory, which starts with the four bytes of
     * {@code prefix}, and {@code upper(ptr, len)}, which upper-cases ASCII letters there in place.
     */
    public static String upperLibrary(String prefix) {
        if (prefix.length() != 4) {
            throw new IllegalArgumentException("the prefix is four bytes: " + prefix);
        }
        return """
                (module
                  (memory (export "memory") 1)
                  (data (i32.const 0) "%s")
                  (func (export "upper") (param $ptr i32) (param $len i32) (local $i i32) (local $c i32)
                    (block $done (loop $next
                      (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
                      (local.set $c (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
                      (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
                        (then (i32.store8 (i32.add (local.get $ptr) (local.get $i))
                          (i32.sub (local.get $c) (i32.const 32)))))
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (br $next)))))
                """.formatted(prefix);
    }
}
