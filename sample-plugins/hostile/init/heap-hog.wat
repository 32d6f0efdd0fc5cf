;; Hostile: `run` calls the test's host function `allocate-forever`, which allocates without bound
;; (as a careless application function might for a guest-chosen size), so the JVM throws
;; OutOfMemoryError on the plugin's behalf. heap-hog-init.wat does the same from `_initialize`.
(module
  (import "extism:host/user" "allocate-forever" (func $hog))
  (memory (export "memory") 1)
  (func (export "run") (result i32)
    (call $hog)
    (i32.const 0))
  (func (export "ping") (result i32)
    (i32.const 0)))
