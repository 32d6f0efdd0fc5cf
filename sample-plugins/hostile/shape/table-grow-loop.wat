;; A table with no maximum, grown by a million entries at a time for as long as the engine says
;; yes, then by half as much each time it says no. Unclamped, it grows until the host's heap runs
;; out (8 bytes an entry); its maximum is clamped to the table budget (table-elements), so the
;; grows past it return -1 and the call ends normally. The output is the table's final size as
;; eight little-endian bytes.
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1)
  (table $t 1 funcref)
  (func (export "run") (result i32)
    (local $delta i32)
    (local $out i64)
    (local.set $delta (i32.const 1000000))
    (block $done
      (loop $more
        (br_if $done (i32.eqz (local.get $delta)))
        (if (i32.eq (table.grow $t (ref.null func) (local.get $delta)) (i32.const -1))
          (then (local.set $delta (i32.shr_u (local.get $delta) (i32.const 1)))))
        (br $more)))
    (local.set $out (call $alloc (i64.const 8)))
    (call $store_u64 (local.get $out) (i64.extend_i32_u (table.size $t)))
    (call $output_set (local.get $out) (i64.const 8))
    (i32.const 0)))
