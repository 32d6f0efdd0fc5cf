;; Hostile: an `_initialize` that traps every time, so no instance can ever be made.
(module
  (memory (export "memory") 1)
  (func (export "_initialize")
    unreachable)
  (func (export "run") (result i32)
    (i32.const 0)))
