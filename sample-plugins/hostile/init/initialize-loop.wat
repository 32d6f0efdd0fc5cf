;; Hostile: a WASI reactor's `_initialize` that never returns (a br_table loop). Plinth calls it
;; once per instance, at load and whenever the pool makes an instance for a call.
(module
  (memory (export "memory") 1)
  (func (export "_initialize")
    (loop $again
      (br_table $again $again (i32.const 1))))
  (func (export "run") (result i32)
    (i32.const 0)))
