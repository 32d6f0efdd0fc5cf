package dev.plinth.wasm.fuel;

/** WebAssembly text of the modules the fuel tests meter and run. */
final class WatModules {
    private WatModules() {
    }

    /** Exports that exercise every kind of control flow, calls, memory and tables. */
    static final String PROGRAMS = """
            (module
              (type $unary (func (param i32) (result i32)))
              (memory (export "memory") 1 4)
              (table $fns 4 funcref)
              (elem (table $fns) (i32.const 0) func $double $square $negate)
              (global $calls (mut i32) (i32.const 0))

              ;; i32.const, i32.const, i32.add: 3 fuel (end costs nothing)
              (func (export "three") (result i32)
                i32.const 1 i32.const 2 i32.add)

              ;; 1 + 2 + ... + n with a br_if exit and a br back-edge: 12 n + 4 fuel
              (func (export "sum") (param $n i64) (result i64) (local $acc i64)
                (block $done
                  (loop $next
                    (br_if $done (i64.eqz (local.get $n)))
                    (local.set $acc (i64.add (local.get $acc) (local.get $n)))
                    (local.set $n (i64.sub (local.get $n) (i64.const 1)))
                    (br $next)))
                (local.get $acc))

              ;; the same with the back-edge a br_if (the interpreter's interrupt gap)
              (func (export "sum_br_if") (param $n i64) (result i64) (local $acc i64)
                (if (i64.eqz (local.get $n)) (then (return (i64.const 0))))
                (loop $next
                  (local.set $acc (i64.add (local.get $acc) (local.get $n)))
                  (local.set $n (i64.sub (local.get $n) (i64.const 1)))
                  (br_if $next (i64.ne (local.get $n) (i64.const 0))))
                (local.get $acc))

              ;; naive recursion
              (func $fib (export "fib") (param $n i32) (result i32)
                (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
                (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
                  (then (local.get $n))
                  (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                                 (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

              (func (export "calls") (result i32) (global.get $calls))

              ;; br_table dispatch with returns from nested blocks
              (func (export "classify") (param $x i32) (result i32)
                (block $default
                  (block $two
                    (block $one
                      (block $zero
                        (br_table $zero $one $two $default (local.get $x)))
                      (return (i32.const 100)))
                    (return (i32.const 101)))
                  (return (i32.const 102)))
                (i32.const -1))

              (func $double (type $unary) (i32.mul (local.get 0) (i32.const 2)))
              (func $square (type $unary) (i32.mul (local.get 0) (local.get 0)))
              (func $negate (type $unary) (i32.sub (i32.const 0) (local.get 0)))

              (func (export "apply") (param $f i32) (param $x i32) (result i32)
                (call_indirect $fns (type $unary) (local.get $x) (local.get $f)))

              ;; reference types: table.set with ref.func, ref.is_null, typed select
              (func (export "refs") (param $x i32) (result i32)
                (table.set $fns (i32.const 3) (ref.func $square))
                (i32.add
                  (call_indirect $fns (type $unary) (local.get $x) (i32.const 3))
                  (select (result i32) (i32.const 1000) (i32.const 0)
                    (ref.is_null (table.get $fns (i32.const 3))))))

              ;; multi-value: a block and an if with parameters and two results
              (func (export "divmod") (param $a i32) (param $b i32) (result i32 i32)
                (local.get $a) (local.get $b)
                (block (param i32 i32) (result i32 i32)
                  (call $divmod_pair)))
              (func $divmod_pair (param $a i32) (param $b i32) (result i32 i32)
                (i32.div_u (local.get $a) (local.get $b))
                (i32.rem_u (local.get $a) (local.get $b)))
              (func (export "pick") (param $c i32) (param $a i32) (param $b i32) (result i32)
                (local.get $a) (local.get $b)
                (if (param i32 i32) (result i32) (local.get $c)
                  (then (drop))
                  (else (i32.add))))

              ;; a loop with a parameter: counts n down to 0 and returns the iterations
              (func (export "countdown") (param $n i32) (result i32) (local $steps i32)
                (local.get $n)
                (loop $l (param i32) (result i32)
                  (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
                  (i32.sub (i32.const 1))
                  (local.tee $n)
                  (br_if $l (i32.gt_s (local.get $n) (i32.const 0))))
                (drop)
                (local.get $steps))

              ;; bulk memory: fill, copy, then sum the copied bytes
              (func (export "fill") (param $len i32)
                (memory.fill (i32.const 0) (i32.const 7) (local.get $len)))
              (func (export "memops") (param $len i32) (result i32) (local $i i32) (local $sum i32)
                (memory.fill (i32.const 0) (i32.const 3) (local.get $len))
                (memory.copy (i32.const 8192) (i32.const 0) (local.get $len))
                (i32.store8 (i32.const 8192) (i32.const 10))
                (block $done
                  (loop $next
                    (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
                    (local.set $sum (i32.add (local.get $sum)
                      (i32.load8_u offset=8192 (local.get $i))))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $next)))
                (local.get $sum))
              (func (export "grow") (param $pages i32) (result i32)
                (memory.grow (local.get $pages)))
              (func (export "size") (result i32) (memory.size))

              ;; early exits
              (func (export "early") (param $x i32) (result i32)
                (block (br_if 0 (local.get $x)) (return (i32.const 5)))
                (i32.const 6))

              ;; traps that are not fuel exhaustion
              (func (export "divide") (param $a i32) (param $b i32) (result i32)
                (i32.div_s (local.get $a) (local.get $b)))
              (func (export "crash") unreachable)

              ;; never end
              (func (export "spin") (loop $l (br $l)))
              (func (export "spin_br_if") (local $i i32)
                (loop $l
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $l (i32.const 1))))
              (func $forever (export "recurse_forever") (param $n i32) (result i32)
                (call $forever (i32.add (local.get $n) (i32.const 1))))
            )
            """;
}
