package dev.plinth.host;

/**
 * WAT sources of guests that use {@code extism:host/env} exactly as Extism's PDKs import it
 * (every offset an i64, bytes moved with load/store), for tests that must not depend on our SDK.
 */
final class ExtismGuests {
    private ExtismGuests() {
    }

    /** The imports of Extism's Rust PDK, as it declares them. */
    static final String PDK_IMPORTS = """
            (import "extism:host/env" "input_length" (func $input_length (result i64)))
            (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
            (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
            (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
            (import "extism:host/env" "free" (func $free (param i64)))
            (import "extism:host/env" "length" (func $length (param i64) (result i64)))
            (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
            (import "extism:host/env" "load_u64" (func $load_u64 (param i64) (result i64)))
            (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
            (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
            (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
            (import "extism:host/env" "error_set" (func $error_set (param i64)))
            (import "extism:host/env" "config_get" (func $config_get (param i64) (result i64)))
            (import "extism:host/env" "var_get" (func $var_get (param i64) (result i64)))
            (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
            (import "extism:host/env" "log_info" (func $log_info (param i64)))
            """;

    /**
     * Exports {@code upper} (ASCII upper-cases the input, byte by byte through host memory),
     * {@code counts} (a var and a global, both incremented per call, output as two bytes),
     * {@code config} (looks up the key "greeting") and {@code fail} (sets an error, returns 3).
     */
    static final String STATEFUL = "(module\n" + PDK_IMPORTS + """
              (memory (export "memory") 1)
              (global $calls (mut i32) (i32.const 0))

              ;; a one-byte block holding the byte b
              (func $byte_block (param $b i32) (result i64) (local $p i64)
                (local.set $p (call $alloc (i64.const 1)))
                (call $store_u8 (local.get $p) (local.get $b))
                (local.get $p))

              (func (export "upper") (result i32) (local $n i64) (local $i i64) (local $out i64) (local $c i32)
                (local.set $n (call $input_length))
                (local.set $out (call $alloc (local.get $n)))
                (block $done
                  (loop $next
                    (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
                    (local.set $c (call $input_load_u8 (local.get $i)))
                    (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
                      (then (local.set $c (i32.sub (local.get $c) (i32.const 32)))))
                    (call $store_u8 (i64.add (local.get $out) (local.get $i)) (local.get $c))
                    (local.set $i (i64.add (local.get $i) (i64.const 1)))
                    (br $next)))
                (call $output_set (local.get $out) (local.get $n))
                (i32.const 0))

              (func (export "counts") (result i32) (local $key i64) (local $v i64) (local $count i32) (local $out i64)
                (local.set $key (call $byte_block (i32.const 107))) ;; "k"
                (local.set $v (call $var_get (local.get $key)))
                (if (i64.ne (local.get $v) (i64.const 0))
                  (then (local.set $count (call $load_u8 (local.get $v)))))
                (local.set $count (i32.add (local.get $count) (i32.const 1)))
                ;; the host owns (frees) the key handed to var_get: a fresh one for var_set, as the PDKs do
                (call $var_set (call $byte_block (i32.const 107)) (call $byte_block (local.get $count)))
                (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
                (local.set $out (call $alloc (i64.const 2)))
                (call $store_u8 (local.get $out) (local.get $count))
                (call $store_u8 (i64.add (local.get $out) (i64.const 1)) (global.get $calls))
                (call $output_set (local.get $out) (i64.const 2))
                (i32.const 0))

              (func (export "config") (result i32) (local $key i64) (local $v i64)
                ;; "greeting" as one u64 store
                (local.set $key (call $alloc (i64.const 8)))
                (call $store_u64 (local.get $key) (i64.const 0x676e697465657267))
                (local.set $v (call $config_get (local.get $key)))
                (call $free (local.get $key))
                (if (i64.eqz (local.get $v)) (then (return (i32.const 1))))
                (call $output_set (local.get $v) (call $length (local.get $v)))
                (i32.const 0))

              (func (export "fail") (result i32) (local $msg i64)
                ;; "bad!" as four bytes
                (local.set $msg (call $alloc (i64.const 4)))
                (call $store_u8 (local.get $msg) (i32.const 98))
                (call $store_u8 (i64.add (local.get $msg) (i64.const 1)) (i32.const 97))
                (call $store_u8 (i64.add (local.get $msg) (i64.const 2)) (i32.const 100))
                (call $store_u8 (i64.add (local.get $msg) (i64.const 3)) (i32.const 33))
                (call $error_set (local.get $msg))
                (i32.const 3))

              (func (export "trap") (result i32) unreachable)
            )
            """;

    /**
     * A module as {@code wasm32-wasi} toolchains emit it: WASI imports it never calls, a reactor
     * {@code _initialize}, and an export that only uses the Extism ABI.
     */
    static final String WASI_REACTOR = """
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
              (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (memory (export "memory") 1)
              (global $initialized (mut i32) (i32.const 0))
              (func (export "_initialize") (global.set $initialized (i32.add (global.get $initialized) (i32.const 1))))
              (func (export "initialized") (result i32) (local $p i64)
                (local.set $p (call $alloc (i64.const 1)))
                (call $store_u8 (local.get $p) (i32.add (i32.const 48) (global.get $initialized)))
                (call $output_set (local.get $p) (i64.const 1))
                (i32.const 0))
              (func (export "print") (result i32)
                ;; iovec at 0: buf=16, len=3 ; "hi\\n" at 16
                (i32.store (i32.const 0) (i32.const 16))
                (i32.store (i32.const 4) (i32.const 3))
                (i32.store8 (i32.const 16) (i32.const 104))
                (i32.store8 (i32.const 17) (i32.const 105))
                (i32.store8 (i32.const 18) (i32.const 10))
                (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 32)))
                (i32.const 0))
              (func (export "env_count") (result i32) (local $p i64)
                (drop (call $environ_sizes_get (i32.const 0) (i32.const 4)))
                (local.set $p (call $alloc (i64.const 1)))
                (call $store_u8 (local.get $p) (i32.add (i32.const 48) (i32.load (i32.const 0))))
                (call $output_set (local.get $p) (i64.const 1))
                (i32.const 0))
            )
            """;
}
