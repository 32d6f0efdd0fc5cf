;; A valid module that is no Extism plugin: imports Plinth cannot provide, nothing callable.
;; Regenerate the .wasm with: wat2wasm not-extism.wat -o not-extism.wasm
(module
  (import "extism:host/env" "alloc" (func (param i32) (result i32)))
  (import "extism:host/env" "teleport" (func (param i64)))
  (import "env" "abort" (func (param i32 i32 i32 i32)))
  (import "env" "seed" (func (result f64)))
  (import "extism:host/user" "lookup_price" (func (param i64) (result i64)))
  (memory 2 4)
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1))))
