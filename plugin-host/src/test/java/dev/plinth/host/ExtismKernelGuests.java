package dev.plinth.host;

/**
 * WAT sources of guests that call every function of {@code extism:host/env} with the types Extism's
 * kernel and runtime give them (read from extism/extism {@code kernel/src/lib.rs} and
 * {@code runtime/src/plugin.rs}; written here, not copied), for {@link ExtismKernelFunctionsTest}
 * and the attacks on the kernel.
 */
final class ExtismKernelGuests {
    private ExtismKernelGuests() {
    }

    /** Every import of {@code extism:host/env}: the kernel's 20 functions, then the runtime's 12. */
    static final String ALL_IMPORTS = """
            (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
            (import "extism:host/env" "free" (func $free (param i64)))
            (import "extism:host/env" "length" (func $length (param i64) (result i64)))
            (import "extism:host/env" "length_unsafe" (func $length_unsafe (param i64) (result i64)))
            (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
            (import "extism:host/env" "load_u64" (func $load_u64 (param i64) (result i64)))
            (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
            (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
            (import "extism:host/env" "input_set" (func $input_set (param i64 i64)))
            (import "extism:host/env" "input_length" (func $input_length (result i64)))
            (import "extism:host/env" "input_offset" (func $input_offset (result i64)))
            (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
            (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
            (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
            (import "extism:host/env" "output_length" (func $output_length (result i64)))
            (import "extism:host/env" "output_offset" (func $output_offset (result i64)))
            (import "extism:host/env" "error_set" (func $error_set (param i64)))
            (import "extism:host/env" "error_get" (func $error_get (result i64)))
            (import "extism:host/env" "memory_bytes" (func $memory_bytes (result i64)))
            (import "extism:host/env" "reset" (func $reset))
            (import "extism:host/env" "config_get" (func $config_get (param i64) (result i64)))
            (import "extism:host/env" "var_get" (func $var_get (param i64) (result i64)))
            (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
            (import "extism:host/env" "http_request" (func $http_request (param i64 i64) (result i64)))
            (import "extism:host/env" "http_status_code" (func $http_status_code (result i32)))
            (import "extism:host/env" "http_headers" (func $http_headers (result i64)))
            (import "extism:host/env" "log_trace" (func $log_trace (param i64)))
            (import "extism:host/env" "log_debug" (func $log_debug (param i64)))
            (import "extism:host/env" "log_info" (func $log_info (param i64)))
            (import "extism:host/env" "log_warn" (func $log_warn (param i64)))
            (import "extism:host/env" "log_error" (func $log_error (param i64)))
            (import "extism:host/env" "get_log_level" (func $get_log_level (result i32)))
            """;

    /**
     * Texts in linear memory, and helpers: {@code $block} copies text into a new kernel block;
     * {@code $begin} allocates a results block, {@code $emit} appends a u64 to it, {@code $done} makes
     * the results the output (the test reads them as little-endian words) and returns 0.
     */
    static final String HELPERS = """
              (memory (export "memory") 1)
              (data (i32.const 0) "greeting")
              (data (i32.const 16) "boom")
              (data (i32.const 32) "empty")
              (data (i32.const 48) "counter")
              (data (i32.const 64) "hello log")
              (data (i32.const 80) "abc")
              (global $results (mut i64) (i64.const 0))
              (global $count (mut i64) (i64.const 0))

              (func $block (param $at i32) (param $len i32) (result i64) (local $p i64) (local $i i32)
                (local.set $p (call $alloc (i64.extend_i32_u (local.get $len))))
                (block $done
                  (loop $next
                    (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
                    (call $store_u8 (i64.add (local.get $p) (i64.extend_i32_u (local.get $i)))
                      (i32.load8_u (i32.add (local.get $at) (local.get $i))))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $next)))
                (local.get $p))

              (func $begin
                (global.set $results (call $alloc (i64.const 512)))
                (global.set $count (i64.const 0)))

              (func $emit (param $value i64)
                (call $store_u64 (i64.add (global.get $results) (i64.mul (global.get $count) (i64.const 8)))
                  (local.get $value))
                (global.set $count (i64.add (global.get $count) (i64.const 1))))

              (func $done (result i32)
                (call $output_set (global.get $results) (i64.mul (global.get $count) (i64.const 8)))
                (i32.const 0))
            """;

    /** One export per behaviour of the kernel; see {@link ExtismKernelFunctionsTest} for what each shows. */
    static final String KERNEL = "(module\n" + ALL_IMPORTS + HELPERS + """
              (func (export "blocks") (result i32) (local $p i64)
                (call $begin)
                (call $emit (call $alloc (i64.const 0)))
                (local.set $p (call $alloc (i64.const 5)))
                (call $emit (call $length (local.get $p)))
                (call $emit (call $length_unsafe (local.get $p)))
                (call $emit (call $length (i64.add (local.get $p) (i64.const 1))))
                (call $emit (call $length_unsafe (i64.add (local.get $p) (i64.const 1))))
                (call $emit (call $length (i64.const 0)))
                (call $emit (call $length_unsafe (i64.const -1)))
                (call $free (local.get $p))
                (call $emit (call $length (local.get $p)))
                (call $emit (call $length_unsafe (local.get $p)))
                (call $free (local.get $p))
                (call $free (i64.const 0))
                (call $free (i64.const 123456789))
                (call $emit (call $memory_bytes))
                (call $emit (i64.extend_i32_u (i64.eq (call $alloc (i64.const 5)) (local.get $p))))
                (call $done))

              (func (export "bytes") (result i32) (local $p i64)
                (call $begin)
                ;; the last block: [p, p + 16) ends the memory in use
                (local.set $p (call $alloc (i64.const 16)))
                (call $store_u64 (local.get $p) (i64.const 0x0807060504030201))
                (call $store_u8 (i64.add (local.get $p) (i64.const 15)) (i32.const 0xAB))
                (call $emit (call $load_u64 (local.get $p)))
                (call $emit (i64.extend_i32_u (call $load_u8 (i64.add (local.get $p) (i64.const 1)))))
                (call $emit (call $load_u64 (i64.add (local.get $p) (i64.const 8))))
                ;; loads outside the memory in use read 0
                (call $emit (i64.extend_i32_u (call $load_u8 (i64.const 0))))
                (call $emit (call $load_u64 (i64.const 0)))
                (call $emit (call $load_u64 (i64.add (local.get $p) (i64.const 9))))
                (call $emit (i64.extend_i32_u (call $load_u8 (i64.add (local.get $p) (i64.const 16)))))
                (call $emit (call $load_u64 (i64.const -1)))
                (call $emit (i64.extend_i32_u (call $load_u8 (i64.const 0xFFFFFFFFFFFF))))
                ;; stores there are dropped
                (call $store_u64 (i64.add (local.get $p) (i64.const 9)) (i64.const -1))
                (call $store_u8 (i64.add (local.get $p) (i64.const 16)) (i32.const 1))
                (call $store_u64 (i64.const 0) (i64.const -1))
                (call $store_u64 (i64.const -4) (i64.const -1))
                (call $store_u8 (i64.const 0xFFFFFFFFFFFF) (i32.const 1))
                (call $emit (call $load_u64 (i64.add (local.get $p) (i64.const 8))))
                (call $emit (call $length (local.get $p)))
                (call $done))

              (func (export "input") (result i32) (local $in i64) (local $q i64)
                (call $begin)
                (local.set $in (call $input_offset))
                (call $emit (call $input_length))
                (call $emit (call $length (local.get $in)))
                (call $emit (i64.extend_i32_u (call $load_u8 (local.get $in))))
                (call $emit (i64.extend_i32_u (call $input_load_u8 (i64.const 14))))
                (call $emit (i64.extend_i32_u (call $input_load_u8 (i64.const 15))))
                (call $emit (call $input_load_u64 (i64.const 7)))
                (call $emit (call $input_load_u64 (i64.const 8)))
                (call $emit (call $input_load_u64 (i64.const -1)))
                ;; input_set points the input elsewhere in memory
                (local.set $q (call $block (i32.const 80) (i32.const 3)))
                (call $input_set (local.get $q) (i64.const 3))
                (call $emit (call $input_length))
                (call $emit (i64.sub (call $input_offset) (local.get $q)))
                (call $emit (i64.extend_i32_u (call $input_load_u8 (i64.const 2))))
                ;; ... but not outside it
                (call $input_set (local.get $q) (i64.const 0x10000000000))
                (call $input_set (i64.const -8) (i64.const 16))
                (call $input_set (i64.const 0) (i64.const 0))
                (call $emit (call $input_length))
                ;; freeing the input's block empties the input
                (call $free (local.get $q))
                (call $emit (call $input_length))
                (call $done))

              (func (export "no_input") (result i32)
                (call $begin)
                (call $emit (call $input_offset))
                (call $emit (call $input_length))
                (call $emit (i64.extend_i32_u (call $input_load_u8 (i64.const 0))))
                (call $emit (call $input_load_u64 (i64.const 0)))
                (call $done))

              (func (export "output_kept") (result i32) (local $p i64)
                (local.set $p (call $block (i32.const 80) (i32.const 3)))
                (if (i64.ne (call $output_length) (i64.const 0)) (then (return (i32.const 1))))
                (if (i64.ne (call $output_offset) (i64.const 0)) (then (return (i32.const 2))))
                (call $output_set (local.get $p) (i64.const 2))
                ;; ranges outside the memory in use are ignored
                (call $output_set (local.get $p) (i64.const 0x10000000000))
                (call $output_set (i64.const 0) (i64.const 0))
                (call $output_set (i64.const -1) (i64.const 2))
                (if (i64.ne (call $output_offset) (local.get $p)) (then (return (i32.const 3))))
                (if (i64.ne (call $output_length) (i64.const 2)) (then (return (i32.const 4))))
                (i32.const 0))

              (func (export "output_empty") (result i32)
                (call $output_set (call $block (i32.const 80) (i32.const 3)) (i64.const 0))
                (i32.const 0))

              (func (export "fail_with_zero") (result i32)
                (call $error_set (call $block (i32.const 16) (i32.const 4)))
                (call $output_set (call $block (i32.const 80) (i32.const 3)) (i64.const 3))
                (i32.const 0))

              (func (export "error_get") (result i32) (local $m i64)
                (call $begin)
                (local.set $m (call $block (i32.const 16) (i32.const 4)))
                (call $emit (call $error_get))
                (call $error_set (local.get $m))
                (call $emit (i64.sub (call $error_get) (local.get $m)))
                (call $error_set (i64.const 0x10000000000))
                (call $emit (i64.sub (call $error_get) (local.get $m)))
                (call $error_set (i64.const 0))
                (call $emit (call $error_get))
                (call $done))

              (func (export "error_not_a_block") (result i32)
                (call $error_set (i64.add (call $block (i32.const 16) (i32.const 4)) (i64.const 1)))
                (i32.const 0))

              (func (export "error_freed") (result i32) (local $m i64)
                (local.set $m (call $block (i32.const 16) (i32.const 4)))
                (call $error_set (local.get $m))
                (call $free (local.get $m))
                (i32.const 0))

              (func (export "error_not_a_block_and_5") (result i32)
                (call $error_set (i64.add (call $block (i32.const 16) (i32.const 4)) (i64.const 1)))
                (i32.const 5))

              (func (export "reset") (result i32) (local $p i64)
                (local.set $p (call $alloc (i64.const 8)))
                (call $store_u64 (local.get $p) (i64.const 42))
                (call $error_set (call $block (i32.const 16) (i32.const 4)))
                (call $output_set (local.get $p) (i64.const 8))
                (call $reset)
                (call $begin)
                (call $emit (call $input_length))
                (call $emit (call $input_offset))
                (call $emit (call $error_get))
                (call $emit (call $output_length))
                (call $emit (call $load_u64 (call $alloc (i64.const 8))))
                (call $emit (call $length (local.get $p)))
                (call $done))

              (func (export "config") (result i32) (local $k i64) (local $v i64)
                (call $begin)
                (local.set $k (call $block (i32.const 0) (i32.const 8)))
                (local.set $v (call $config_get (local.get $k)))
                (call $emit (call $length (local.get $k)))
                (call $emit (call $length (local.get $v)))
                (call $emit (call $load_u64 (local.get $v)))
                (call $emit (call $config_get (call $block (i32.const 32) (i32.const 5))))
                (call $emit (call $config_get (call $block (i32.const 48) (i32.const 7))))
                (call $emit (call $config_get (i64.const 0)))
                (call $done))

              (func (export "vars") (result i32) (local $k i64) (local $v i64)
                (call $begin)
                (local.set $k (call $block (i32.const 48) (i32.const 7)))
                (local.set $v (call $block (i32.const 80) (i32.const 3)))
                (call $var_set (local.get $k) (local.get $v))
                (call $emit (call $length (local.get $k)))
                (call $emit (call $length (local.get $v)))
                (local.set $v (call $var_get (call $block (i32.const 48) (i32.const 7))))
                (call $emit (call $length (local.get $v)))
                (call $emit (call $load_u64 (local.get $v)))
                ;; 0 is the empty key, a key like any other
                (call $var_set (i64.const 0) (call $block (i32.const 16) (i32.const 4)))
                (call $emit (call $length (call $var_get (i64.const 0))))
                ;; a value of 0 removes the var
                (call $var_set (call $block (i32.const 48) (i32.const 7)) (i64.const 0))
                (call $emit (call $var_get (call $block (i32.const 48) (i32.const 7))))
                (call $done))

              (func (export "var_set_not_a_block") (result i32)
                (call $var_set (call $block (i32.const 48) (i32.const 7))
                  (i64.add (call $block (i32.const 80) (i32.const 3)) (i64.const 1)))
                (i32.const 0))

              (func (export "config_key_not_a_block") (result i32)
                (drop (call $config_get (i64.add (call $block (i32.const 0) (i32.const 8)) (i64.const 2))))
                (i32.const 0))

              (func (export "logs") (result i32) (local $m i64)
                (call $begin)
                (local.set $m (call $block (i32.const 64) (i32.const 9)))
                (call $log_info (local.get $m))
                (call $emit (call $length (local.get $m)))
                (call $log_warn (i64.const 0))
                (call $log_error (call $block (i32.const 16) (i32.const 4)))
                (call $log_debug (call $block (i32.const 80) (i32.const 3)))
                ;; trace is off: the block is freed, nothing is read, a bogus offset is not refused
                (local.set $m (call $block (i32.const 64) (i32.const 9)))
                (call $log_trace (local.get $m))
                (call $emit (call $length (local.get $m)))
                (call $log_trace (i64.const 12345))
                (call $emit (i64.extend_i32_s (call $get_log_level)))
                (call $done))

              (func (export "log_not_a_block") (result i32)
                (call $log_info (i64.const 12345))
                (i32.const 0))

              (func (export "http_before_any_request") (result i32)
                (call $begin)
                (call $emit (i64.extend_i32_s (call $http_status_code)))
                (drop (call $http_headers))
                (call $done))

              (func (export "http_refused") (result i32)
                (drop (call $http_request (call $block (i32.const 80) (i32.const 3)) (i64.const 0)))
                (i32.const 0))
            )
            """;

    /**
     * A guest shaped like Extism's own {@code echo} test module ({@code wasm/echo.wasm}, its
     * algorithm rewritten here): it grows its memory for the input, copies the input in a word at a
     * time for every whole 64 KiB page and once more in any case, then byte by byte from there, and
     * copies it out the same way. So for an input of 8 bytes it reads the byte at offset 8, one past
     * the input, and stores one byte past its output block; for 1 to 7 bytes its one word read is
     * outside the input and reads 0.
     */
    static final String ECHO = """
            (module
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (memory (export "memory") 0)
              (func (export "echo") (result i32) (local $len i64) (local $at i64) (local $words i64) (local $out i64)
                (local.set $len (call $input_length))
                (drop (memory.grow (i32.wrap_i64 (i64.add (i64.shr_u (local.get $len) (i64.const 16))
                  (i64.extend_i32_u (i64.ne (i64.and (local.get $len) (i64.const 0xFFFF)) (i64.const 0)))))))
                (local.set $words (i64.shl (i64.shr_u (local.get $len) (i64.const 16)) (i64.const 16)))
                (local.set $out (call $alloc (local.get $len)))
                (call $output_set (local.get $out) (local.get $len))
                (loop $words_in
                  (i64.store (i32.wrap_i64 (local.get $at)) (call $input_load_u64 (local.get $at)))
                  (local.set $at (i64.add (local.get $at) (i64.const 8)))
                  (br_if $words_in (i64.lt_u (local.get $at) (local.get $words))))
                (if (i64.ne (local.get $words) (local.get $len))
                  (then
                    (loop $bytes_in
                      (i32.store8 (i32.wrap_i64 (local.get $at)) (call $input_load_u8 (local.get $at)))
                      (local.set $at (i64.add (local.get $at) (i64.const 1)))
                      (br_if $bytes_in (i64.lt_u (local.get $at) (local.get $len))))))
                (local.set $at (i64.const 0))
                (loop $words_out
                  (call $store_u64 (i64.add (local.get $out) (local.get $at)) (i64.load (i32.wrap_i64 (local.get $at))))
                  (local.set $at (i64.add (local.get $at) (i64.const 8)))
                  (br_if $words_out (i64.lt_u (local.get $at) (local.get $words))))
                (if (i64.ne (local.get $words) (local.get $len))
                  (then
                    (loop $bytes_out
                      (call $store_u8 (i64.add (local.get $out) (local.get $at)) (i32.load8_u (i32.wrap_i64 (local.get $at))))
                      (local.set $at (i64.add (local.get $at) (i64.const 1)))
                      (br_if $bytes_out (i64.lt_u (local.get $at) (local.get $len))))))
                (i32.const 0)))
            """;
}
