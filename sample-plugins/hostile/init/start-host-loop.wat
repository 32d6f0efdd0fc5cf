;; Hostile: a start function that calls a host function in a loop, forever: the host's own work
;; during instantiation, which must be stopped too.
(module
  (import "extism:host/env" "get_log_level" (func $level (result i32)))
  (memory (export "memory") 1)
  (func $forever
    (loop $again
      (drop (call $level))
      (br_if $again (i32.const 1))))
  (start $forever)
  (func (export "run") (result i32)
    (i32.const 0)))
