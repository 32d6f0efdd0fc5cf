;; A module whose instances hold a table of 1,000 entries and two globals on the host's heap.
(module
  (memory (export "memory") 1)
  (table 1000 funcref)
  (global $a (mut i32) (i32.const 0))
  (global $b i64 (i64.const 1))
  (func (export "run") (result i32)
    (block (loop (br_if 1 (i32.const 1)) (br 0)))
    (i32.const 0)))
