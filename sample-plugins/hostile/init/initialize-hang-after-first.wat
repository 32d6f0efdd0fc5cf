;; Hostile: an `_initialize` that works for the first instance only, and never returns for any
;; later one. This is the attack that once left every later borrow spinning and the plugin busy for
;; good: `crash` traps, the pool discards the good instance, and each new one hangs.
(module
  (import "extism:host/user" "instance-gate" (func $gate (result i64)))
  (memory (export "memory") 1)
  (func (export "_initialize")
    (if (i64.ne (call $gate) (i64.const 0))
      (then
        (loop $again
          (br_if $again (i32.const 1))))))
  (func (export "run") (result i32)
    (i32.const 0))
  (func (export "crash") (result i32)
    unreachable))
