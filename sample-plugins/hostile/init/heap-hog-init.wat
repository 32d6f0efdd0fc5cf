;; Hostile: `_initialize` calls the test's host function `allocate-forever`, so the JVM runs out of
;; heap while the first instance is made at load.
(module
  (import "extism:host/user" "allocate-forever" (func $hog))
  (memory (export "memory") 1)
  (func (export "_initialize")
    (call $hog))
  (func (export "run") (result i32)
    (i32.const 0)))
