;; Hostile: an export that loops forever through a br_table. Chicory's interpreter checks for
;; interruption only on `br` and calls, so without metering this loop ignored the deadline there.
(module
  (memory (export "memory") 1)
  (func (export "run") (result i32)
    (block $out
      (loop $again
        (br_table $again $out (i32.const 0))))
    (i32.const 0)))
