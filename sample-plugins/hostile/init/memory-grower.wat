;; Hostile: grows its linear memory by 1,600 pages (100 MiB) at once, within a generous memory
;; limit, then touches the last byte. Several calls at once on a small heap make Chicory's memory
;; growth itself run out of Java heap: the guest stays within its own limit, the host does not.
(module
  (memory (export "memory") 1)
  (func (export "run") (result i32)
    (if (i32.lt_s (memory.grow (i32.const 1600)) (i32.const 0))
      (then (return (i32.const 1))))
    (i32.store8 (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 1)) (i32.const 7))
    (i32.const 0)))
