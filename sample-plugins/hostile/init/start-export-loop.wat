;; Hostile: a WASI command's `_start` that never returns. Chicory runs an exported `_start` when it
;; instantiates a module, as WASI commands expect, so it is part of instantiation. The loop goes
;; round through a br_table, which Chicory's interpreter does not check for interruption.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $again
      (br_table $again (i32.const 0))))
  (func (export "run") (result i32)
    (i32.const 0)))
