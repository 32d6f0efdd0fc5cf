;; Hostile: the module's start section never returns. Chicory runs it while it instantiates, so
;; before Plinth put instantiation under a deadline, load() hung here. The loop's back-edge is a
;; br_if, which Chicory's interpreter does not check for interruption.
(module
  (memory (export "memory") 1)
  (func $forever
    (loop $again
      (br_if $again (i32.const 1))))
  (start $forever)
  (func (export "run") (result i32)
    (i32.const 0)))
