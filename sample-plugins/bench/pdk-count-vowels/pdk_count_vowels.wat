;; count_vowels as Extism's Rust PDK sample behaves, written by hand so that both hosts run the same
;; bytes: the input copied into the guest's memory from the kernel a word at a time (growing the
;; memory when it does not fit), the config key "vowels" and the variable "total" looked up through
;; kernel blocks (which the kernel frees, as Extism's does), the running total stored back as 8 little-endian bytes, and the answer written as
;; JSON, {"count":N,"total":N,"vowels":"aeiouAEIOU"}, into a new kernel block for output_set.
;; Vowels from the config of up to 3 KiB, taken as they are (no JSON escaping).
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
  (import "extism:host/env" "load_u64" (func $load_u64 (param i64) (result i64)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "free" (func $free (param i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "config_get" (func $config_get (param i64) (result i64)))
  (import "extism:host/env" "var_get" (func $var_get (param i64) (result i64)))
  (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "vowels")
  (data (i32.const 8) "total")
  (data (i32.const 16) "aeiouAEIOU")
  (data (i32.const 32) "{\22count\22:")
  (data (i32.const 48) ",\22total\22:")
  (data (i32.const 64) ",\22vowels\22:\22")
  (data (i32.const 80) "\22}")
  (global $VOWELS i32 (i32.const 1024))
  (global $JSON i32 (i32.const 4096))
  (global $INPUT i32 (i32.const 16384))

  ;; A new kernel block holding len bytes of the guest's memory from at, moved as a PDK moves them.
  (func $to_block (param $at i32) (param $len i64) (result i64)
    (local $block i64) (local $i i64) (local $words i64)
    (local.set $block (call $alloc (local.get $len)))
    (local.set $words (i64.and (local.get $len) (i64.const -8)))
    (block $done
      (loop $word
        (br_if $done (i64.ge_u (local.get $i) (local.get $words)))
        (call $store_u64 (i64.add (local.get $block) (local.get $i))
          (i64.load (i32.add (local.get $at) (i32.wrap_i64 (local.get $i)))))
        (local.set $i (i64.add (local.get $i) (i64.const 8)))
        (br $word)))
    (block $done
      (loop $byte
        (br_if $done (i64.ge_u (local.get $i) (local.get $len)))
        (call $store_u8 (i64.add (local.get $block) (local.get $i))
          (i32.load8_u (i32.add (local.get $at) (i32.wrap_i64 (local.get $i)))))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $byte)))
    (local.get $block))

  ;; Copies a kernel block into the guest's memory at at; its length.
  (func $from_block (param $block i64) (param $at i32) (result i32)
    (local $len i64) (local $i i64) (local $words i64)
    (local.set $len (call $length (local.get $block)))
    (local.set $words (i64.and (local.get $len) (i64.const -8)))
    (block $done
      (loop $word
        (br_if $done (i64.ge_u (local.get $i) (local.get $words)))
        (i64.store (i32.add (local.get $at) (i32.wrap_i64 (local.get $i)))
          (call $load_u64 (i64.add (local.get $block) (local.get $i))))
        (local.set $i (i64.add (local.get $i) (i64.const 8)))
        (br $word)))
    (block $done
      (loop $byte
        (br_if $done (i64.ge_u (local.get $i) (local.get $len)))
        (i32.store8 (i32.add (local.get $at) (i32.wrap_i64 (local.get $i)))
          (call $load_u8 (i64.add (local.get $block) (local.get $i))))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $byte)))
    (i32.wrap_i64 (local.get $len)))

  ;; Copies the input into the guest's memory at $INPUT, growing it as needed; its length.
  (func $read_input (result i32)
    (local $n i64) (local $i i64) (local $words i64) (local $need i32)
    (local.set $n (call $input_length))
    (local.set $need (i32.wrap_i64 (i64.shr_u (i64.add (i64.add (i64.extend_i32_u (global.get $INPUT))
      (local.get $n)) (i64.const 65535)) (i64.const 16))))
    (if (i32.gt_u (local.get $need) (memory.size))
      (then (if (i32.lt_s (memory.grow (i32.sub (local.get $need) (memory.size))) (i32.const 0))
        (then unreachable))))
    (local.set $words (i64.and (local.get $n) (i64.const -8)))
    (block $done
      (loop $word
        (br_if $done (i64.ge_u (local.get $i) (local.get $words)))
        (i64.store (i32.add (global.get $INPUT) (i32.wrap_i64 (local.get $i))) (call $input_load_u64 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 8)))
        (br $word)))
    (block $done
      (loop $byte
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (global.get $INPUT) (i32.wrap_i64 (local.get $i))) (call $input_load_u8 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $byte)))
    (i32.wrap_i64 (local.get $n)))

  ;; Writes len bytes from src at at; the end.
  (func $append (param $at i32) (param $src i32) (param $len i32) (result i32)
    (local $i i32)
    (block $done
      (loop $byte
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (i32.store8 (i32.add (local.get $at) (local.get $i)) (i32.load8_u (i32.add (local.get $src) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $byte)))
    (i32.add (local.get $at) (local.get $len)))

  ;; Writes value in decimal at at; the end.
  (func $decimal (param $at i32) (param $value i64) (result i32)
    (local $digits i32) (local $rest i64) (local $end i32)
    (local.set $rest (local.get $value))
    (loop $count
      (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
      (local.set $rest (i64.div_u (local.get $rest) (i64.const 10)))
      (br_if $count (i64.ne (local.get $rest) (i64.const 0))))
    (local.set $end (i32.add (local.get $at) (local.get $digits)))
    (local.set $at (local.get $end))
    (loop $digit
      (local.set $at (i32.sub (local.get $at) (i32.const 1)))
      (i32.store8 (local.get $at) (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $value) (i64.const 10)))))
      (local.set $value (i64.div_u (local.get $value) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $value) (i64.const 0))))
    (local.get $end))

  (func (export "count_vowels") (result i32)
    (local $n i32) (local $vowels i32) (local $nv i32) (local $key i64) (local $block i64)
    (local $i i32) (local $j i32) (local $c i32) (local $count i64) (local $total i64) (local $end i32)
    (local.set $n (call $read_input))
    ;; the vowels: the config's, else the default
    (local.set $key (call $to_block (i32.const 0) (i64.const 6)))
    (local.set $block (call $config_get (local.get $key)))
    (if (i64.eqz (local.get $block))
      (then (local.set $vowels (i32.const 16)) (local.set $nv (i32.const 10)))
      (else
        (if (i64.gt_u (call $length (local.get $block)) (i64.const 3072)) (then unreachable))
        (local.set $vowels (global.get $VOWELS))
        (local.set $nv (call $from_block (local.get $block) (global.get $VOWELS)))
        (call $free (local.get $block))))
    ;; count them
    (block $counted
      (loop $each
        (br_if $counted (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $c (i32.load8_u (i32.add (global.get $INPUT) (local.get $i))))
        (local.set $j (i32.const 0))
        (block $next
          (loop $vowel
            (br_if $next (i32.ge_u (local.get $j) (local.get $nv)))
            (if (i32.eq (local.get $c) (i32.load8_u (i32.add (local.get $vowels) (local.get $j))))
              (then (local.set $count (i64.add (local.get $count) (i64.const 1))) (br $next)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $vowel)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    ;; the running total in the variable "total"
    (local.set $key (call $to_block (i32.const 8) (i64.const 5)))
    (local.set $block (call $var_get (local.get $key)))
    (if (i64.ne (local.get $block) (i64.const 0))
      (then
        (if (i64.eq (call $length (local.get $block)) (i64.const 8))
          (then (local.set $total (call $load_u64 (local.get $block)))))
        (call $free (local.get $block))))
    (local.set $total (i64.add (local.get $total) (local.get $count)))
    (i64.store (global.get $JSON) (local.get $total))
    (local.set $key (call $to_block (i32.const 8) (i64.const 5)))
    (call $var_set (local.get $key) (call $to_block (global.get $JSON) (i64.const 8)))
    ;; the JSON answer
    (local.set $end (call $append (global.get $JSON) (i32.const 32) (i32.const 9)))
    (local.set $end (call $decimal (local.get $end) (local.get $count)))
    (local.set $end (call $append (local.get $end) (i32.const 48) (i32.const 9)))
    (local.set $end (call $decimal (local.get $end) (local.get $total)))
    (local.set $end (call $append (local.get $end) (i32.const 64) (i32.const 11)))
    (local.set $end (call $append (local.get $end) (local.get $vowels) (local.get $nv)))
    (local.set $end (call $append (local.get $end) (i32.const 80) (i32.const 2)))
    (local.set $block (call $to_block (global.get $JSON) (i64.extend_i32_u (i32.sub (local.get $end) (global.get $JSON)))))
    (call $output_set (local.get $block) (i64.extend_i32_u (i32.sub (local.get $end) (global.get $JSON))))
    (i32.const 0)))
