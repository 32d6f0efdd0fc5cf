;; Two tables of 10M entries: 160 MB of host heap in a few bytes, over table-elements.
(module
  (memory (export "memory") 1)
  (table 10000000 funcref)
  (table 10000000 funcref)
  (func (export "run") (result i32) (i32.const 0)))
