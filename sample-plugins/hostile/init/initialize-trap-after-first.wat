;; Hostile: an `_initialize` that works for the first instance only, and traps for every later one.
;; The test's host function `instance-gate` returns a null block (0) to the first instance and a
;; real one afterwards. `crash` traps, so that the pool discards the one good instance and must make
;; another.
(module
  (import "extism:host/user" "instance-gate" (func $gate (result i64)))
  (memory (export "memory") 1)
  (func (export "_initialize")
    (if (i64.ne (call $gate) (i64.const 0))
      (then unreachable)))
  (func (export "run") (result i32)
    (i32.const 0))
  (func (export "crash") (result i32)
    unreachable))
