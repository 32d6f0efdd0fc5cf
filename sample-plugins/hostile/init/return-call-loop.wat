;; Hostile: exports that loop forever through tail calls (the tail-call proposal, which Chicory
;; 1.7.5 runs): `run` bounces between two functions, `run_self` calls itself. Chicory's interpreter
;; reuses the frame and does not check for interruption; its compiler turns a tail call into a call
;; and a return, so there the stack runs out instead.
(module
  (memory (export "memory") 1)
  (func $ping (param i32) (result i32)
    (return_call $pong (i32.add (local.get 0) (i32.const 1))))
  (func $pong (param i32) (result i32)
    (return_call $ping (local.get 0)))
  (func $self (result i32)
    (return_call $self))
  (func (export "run") (result i32)
    (return_call $ping (i32.const 0)))
  (func (export "run_self") (result i32)
    (return_call $self)))
