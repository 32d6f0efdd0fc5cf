;; echo as a module built with an Extism PDK behaves, written by hand so that both hosts run the
;; same bytes: each call asks its allocator for fresh memory (one memory.grow of a page), copies the
;; input into it from the kernel a word at a time (input_load_u64, then input_load_u8 for the tail),
;; and copies it back into a new kernel block the same way (alloc, store_u64, store_u8) before
;; output_set. The memory declares a maximum of 1024 pages (64 MiB), so that after 1023 calls every
;; memory.grow fails, in any host, and the copy reuses page 0. Inputs of up to 64 KiB.
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1 1024)

  (func (export "echo") (result i32)
    (local $n i64) (local $words i64) (local $i i64) (local $page i32) (local $buf i32) (local $out i64)
    (local.set $n (call $input_length))
    (local.set $words (i64.and (local.get $n) (i64.const -8)))
    (local.set $page (memory.grow (i32.const 1)))
    (local.set $buf (select (i32.const 0) (i32.shl (local.get $page) (i32.const 16))
      (i32.lt_s (local.get $page) (i32.const 0))))
    ;; the input into the guest's memory
    (block $done
      (loop $word
        (br_if $done (i64.ge_u (local.get $i) (local.get $words)))
        (i64.store (i32.add (local.get $buf) (i32.wrap_i64 (local.get $i))) (call $input_load_u64 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 8)))
        (br $word)))
    (block $done
      (loop $byte
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (local.get $buf) (i32.wrap_i64 (local.get $i))) (call $input_load_u8 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $byte)))
    ;; and back out into a kernel block
    (local.set $out (call $alloc (local.get $n)))
    (local.set $i (i64.const 0))
    (block $done
      (loop $word
        (br_if $done (i64.ge_u (local.get $i) (local.get $words)))
        (call $store_u64 (i64.add (local.get $out) (local.get $i))
          (i64.load (i32.add (local.get $buf) (i32.wrap_i64 (local.get $i)))))
        (local.set $i (i64.add (local.get $i) (i64.const 8)))
        (br $word)))
    (block $done
      (loop $byte
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (call $store_u8 (i64.add (local.get $out) (local.get $i))
          (i32.load8_u (i32.add (local.get $buf) (i32.wrap_i64 (local.get $i)))))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $byte)))
    (call $output_set (local.get $out) (local.get $n))
    (i32.const 0)))
