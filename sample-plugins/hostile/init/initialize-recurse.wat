;; Hostile: an `_initialize` that recurses until the host's thread stack runs out.
(module
  (memory (export "memory") 1)
  (func $down
    (call $down))
  (func (export "_initialize")
    (call $down))
  (func (export "run") (result i32)
    (i32.const 0)))
