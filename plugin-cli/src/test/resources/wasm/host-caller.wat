;; Calls the application host function extism:host/user.lookup with its input and outputs the reply.
;; Regenerate the .wasm with: wat2wasm host-caller.wat -o host-caller.wasm
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/user" "lookup" (func $lookup (param i64) (result i64)))
  (memory (export "memory") 1)

  ;; Outputs what lookup(input) returns; no output when it returns nothing.
  (func (export "ask") (result i32)
    (local $n i64) (local $i i64) (local $in i64) (local $reply i64)
    (local.set $n (call $input_length))
    (local.set $in (call $alloc (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (call $store_u8 (i64.add (local.get $in) (local.get $i)) (call $input_load_u8 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (local.set $reply (call $lookup (local.get $in)))
    (if (i64.eqz (local.get $reply)) (then (return (i32.const 0))))
    (call $output_set (local.get $reply) (call $length (local.get $reply)))
    (i32.const 0)))
