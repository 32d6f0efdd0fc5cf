;; A tiny Extism plugin for plugin-cli's own tests, independent of the Rust sample plugins.
;; Regenerate the .wasm with: wat2wasm cli-fixture.wat -o cli-fixture.wasm
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "log_info" (func $log_info (param i64)))
  (import "extism:host/env" "log_debug" (func $log_debug (param i64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "hello from wat")
  (data (i32.const 16) "it went wrong")
  (data (i32.const 32) "debug detail")

  ;; Copies len bytes of linear memory at ptr into a new Extism block; returns its offset.
  (func $block (param $ptr i32) (param $len i32) (result i64)
    (local $off i64) (local $i i32)
    (local.set $off (call $alloc (i64.extend_i32_u (local.get $len))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (call $store_u8 (i64.add (local.get $off) (i64.extend_i32_u (local.get $i)))
                        (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $off))

  ;; Logs a line at info and one at debug, outputs "hello from wat".
  (func (export "hello") (result i32)
    (call $log_info (call $block (i32.const 0) (i32.const 14)))
    (call $log_debug (call $block (i32.const 32) (i32.const 12)))
    (call $output_set (call $block (i32.const 0) (i32.const 14)) (i64.const 14))
    (i32.const 0))

  ;; Outputs its input unchanged (bytes, not text).
  (func (export "echo") (result i32)
    (local $n i64) (local $i i64) (local $off i64)
    (local.set $n (call $input_length))
    (if (i64.eqz (local.get $n)) (then (return (i32.const 0))))
    (local.set $off (call $alloc (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (call $store_u8 (i64.add (local.get $off) (local.get $i)) (call $input_load_u8 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (call $output_set (local.get $off) (local.get $n))
    (i32.const 0))

  ;; Fails with the message "it went wrong".
  (func (export "fail") (result i32)
    (call $error_set (call $block (i32.const 16) (i32.const 13)))
    (i32.const 1))

  (func (export "trap") (result i32)
    unreachable)

  (func (export "spin") (result i32)
    (loop $forever (br $forever))
    (i32.const 0))

  ;; Not callable by Extism: takes a parameter.
  (func (export "helper") (param i32) (result i32)
    (local.get 0)))
