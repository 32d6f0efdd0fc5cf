;; Hostile: a WASI command's `_start` that never returns. As in Extism, the host never runs `_start`
;; by itself: it is a plugin function, and a call of it must end at the call's deadline. The loop
;; goes round through a br_table, which Chicory's interpreter does not check for interruption.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $again
      (br_table $again (i32.const 0))))
  (func (export "run") (result i32)
    (i32.const 0)))
