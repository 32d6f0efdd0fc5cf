;; A WASI reactor with its memory exported, one callable export and a WASI import.
;; Regenerate the .wasm with: wat2wasm reactor.wat -o reactor.wasm
(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
  (import "extism:host/env" "output_set" (func (param i64 i64)))
  (memory (export "memory") 17 32)
  (global (export "counter") (mut i32) (i32.const 0))
  (func (export "_initialize"))
  (func (export "run") (result i32) (i32.const 0)))
