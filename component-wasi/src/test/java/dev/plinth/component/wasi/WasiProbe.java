package dev.plinth.component.wasi;

import dev.plinth.component.Component;
import dev.plinth.testing.ComponentWat;

/**
 * A component written in WAT that imports WASI 0.2.0 interfaces the way wit-component writes them (instance
 * types with resources, outer aliases, {@code [method]} names, {@code resource.drop}) and uses them: prints,
 * reads its environment, a file of its first preopen, the clocks and random; and attacks them: forged and
 * confused handles, a write after drop, writes larger than {@code check-write} permits, floods.
 */
final class WasiProbe {
    static final String ERROR_CODES = "\"access\" \"would-block\" \"already\" \"bad-descriptor\" \"busy\" \"deadlock\""
            + " \"quota\" \"exist\" \"file-too-large\" \"illegal-byte-sequence\" \"in-progress\" \"interrupted\""
            + " \"invalid\" \"io\" \"is-directory\" \"loop\" \"too-many-links\" \"message-size\" \"name-too-long\""
            + " \"no-device\" \"no-entry\" \"no-lock\" \"insufficient-memory\" \"insufficient-space\""
            + " \"not-directory\" \"not-empty\" \"not-recoverable\" \"unsupported\" \"no-tty\" \"no-such-device\""
            + " \"overflow\" \"not-permitted\" \"pipe\" \"read-only\" \"invalid-seek\" \"text-file-busy\""
            + " \"cross-device\"";
    static final int NO_ENTRY = 20;
    static final int NOT_PERMITTED = 31;
    static final int INVALID = 12;

    private static Component component;

    private WasiProbe() {
    }

    static synchronized Component component() {
        if (component == null) {
            component = Component.parse(ComponentWat.assemble(WAT.replace("ERROR_CODES", ERROR_CODES)));
        }
        return component;
    }

    private static final String WAT = """
            (component
              (type $error-i (instance (export "error" (type (sub resource)))))
              (import "wasi:io/error@0.2.0" (instance $io-error (type $error-i)))
              (alias export $io-error "error" (type $error))
              (type $streams-i (instance
                (alias outer 1 $error (type $e))
                (export "error" (type $err (eq $e)))
                (export "input-stream" (type $is (sub resource)))
                (export "output-stream" (type $os (sub resource)))
                (type $own-err (own $err))
                (type $se (variant (case "last-operation-failed" $own-err) (case "closed")))
                (export "stream-error" (type $stream-error (eq $se)))
                (type $bos (borrow $os))
                (type $bis (borrow $is))
                (type $wr (result (error $stream-error)))
                (type $rr (result (list u8) (error $stream-error)))
                (export "[method]output-stream.blocking-write-and-flush"
                  (func (param "self" $bos) (param "contents" (list u8)) (result $wr)))
                (export "[method]input-stream.blocking-read" (func (param "self" $bis) (param "len" u64) (result $rr)))))
              (import "wasi:io/streams@0.2.0" (instance $streams (type $streams-i)))
              (alias export $streams "output-stream" (type $output-stream))
              (alias export $streams "input-stream" (type $input-stream))
              (type $stdout-i (instance
                (alias outer 1 $output-stream (type $os0))
                (export "output-stream" (type $os (eq $os0)))
                (type $own (own $os))
                (export "get-stdout" (func (result $own)))))
              (import "wasi:cli/stdout@0.2.0" (instance $stdout (type $stdout-i)))
              (type $env-i (instance (export "get-environment" (func (result (list (tuple string string)))))))
              (import "wasi:cli/environment@0.2.0" (instance $env (type $env-i)))
              (type $wall-i (instance
                (type $dt (record (field "seconds" u64) (field "nanoseconds" u32)))
                (export "datetime" (type $datetime (eq $dt)))
                (export "now" (func (result $datetime)))))
              (import "wasi:clocks/wall-clock@0.2.0" (instance $wall (type $wall-i)))
              (type $poll-i (instance
                (export "pollable" (type $p (sub resource)))
                (type $bp (borrow $p))
                (export "[method]pollable.block" (func (param "self" $bp)))
                (export "poll" (func (param "in" (list $bp)) (result (list u32))))))
              (import "wasi:io/poll@0.2.0" (instance $poll (type $poll-i)))
              (alias export $poll "pollable" (type $pollable))
              (type $mono-i (instance
                (alias outer 1 $pollable (type $p0))
                (export "pollable" (type $p (eq $p0)))
                (type $op (own $p))
                (export "now" (func (result u64)))
                (export "subscribe-duration" (func (param "when" u64) (result $op)))))
              (import "wasi:clocks/monotonic-clock@0.2.0" (instance $mono (type $mono-i)))
              (type $random-i (instance
                (export "get-random-bytes" (func (param "len" u64) (result (list u8))))
                (export "get-random-u64" (func (result u64)))))
              (import "wasi:random/random@0.2.0" (instance $random (type $random-i)))
              (type $fs-i (instance
                (alias outer 1 $input-stream (type $is0))
                (export "input-stream" (type $is (eq $is0)))
                (export "descriptor" (type $d (sub resource)))
                (type $ec (enum ERROR_CODES))
                (export "error-code" (type $error-code (eq $ec)))
                (type $pf (flags "symlink-follow"))
                (export "path-flags" (type $path-flags (eq $pf)))
                (type $of (flags "create" "directory" "exclusive" "truncate"))
                (export "open-flags" (type $open-flags (eq $of)))
                (type $df (flags "read" "write" "file-integrity-sync" "data-integrity-sync" "requested-write-sync"
                  "mutate-directory"))
                (export "descriptor-flags" (type $descriptor-flags (eq $df)))
                (type $bd (borrow $d))
                (type $od (own $d))
                (type $ois (own $is))
                (type $open-result (result $od (error $error-code)))
                (type $stream-result (result $ois (error $error-code)))
                (export "[method]descriptor.open-at" (func (param "self" $bd) (param "path-flags" $path-flags)
                  (param "path" string) (param "open-flags" $open-flags) (param "flags" $descriptor-flags)
                  (result $open-result)))
                (export "[method]descriptor.read-via-stream" (func (param "self" $bd) (param "offset" u64)
                  (result $stream-result)))))
              (import "wasi:filesystem/types@0.2.0" (instance $fs (type $fs-i)))
              (alias export $fs "descriptor" (type $descriptor))
              (type $pre-i (instance
                (alias outer 1 $descriptor (type $d0))
                (export "descriptor" (type $d (eq $d0)))
                (type $od (own $d))
                (export "get-directories" (func (result (list (tuple $od string)))))))
              (import "wasi:filesystem/preopens@0.2.0" (instance $pre (type $pre-i)))

              (core module $mm
                (memory (export "mem") 2)
                (global $heap (mut i32) (i32.const 65536))
                (func (export "realloc") (param i32 i32 i32 i32) (result i32)
                  (local $p i32)
                  global.get $heap local.get 2 i32.add i32.const 1 i32.sub
                  i32.const 0 local.get 2 i32.sub i32.and local.set $p
                  local.get $p local.get 3 i32.add global.set $heap
                  local.get $p))
              (core instance $mi (instantiate $mm))
              (alias core export $mi "mem" (core memory $mem))
              (alias core export $mi "realloc" (core func $realloc))

              (alias export $stdout "get-stdout" (func $get-stdout))
              (core func $get-stdout-c (canon lower (func $get-stdout)))
              (alias export $streams "[method]output-stream.blocking-write-and-flush" (func $bwf))
              (core func $bwf-c (canon lower (func $bwf) (memory $mem)))
              (alias export $streams "[method]input-stream.blocking-read" (func $bread))
              (core func $bread-c (canon lower (func $bread) (memory $mem) (realloc $realloc)))
              (core func $drop-os (canon resource.drop $output-stream))
              (core func $drop-is (canon resource.drop $input-stream))
              (alias export $env "get-environment" (func $get-env))
              (core func $get-env-c (canon lower (func $get-env) (memory $mem) (realloc $realloc) string-encoding=utf8))
              (alias export $wall "now" (func $wall-now))
              (core func $wall-now-c (canon lower (func $wall-now) (memory $mem)))
              (alias export $mono "now" (func $mono-now))
              (core func $mono-now-c (canon lower (func $mono-now)))
              (alias export $mono "subscribe-duration" (func $subscribe))
              (core func $subscribe-c (canon lower (func $subscribe)))
              (alias export $poll "[method]pollable.block" (func $block))
              (core func $block-c (canon lower (func $block)))
              (alias export $poll "poll" (func $poll-f))
              (core func $poll-c (canon lower (func $poll-f) (memory $mem) (realloc $realloc)))
              (core func $drop-p (canon resource.drop $pollable))
              (alias export $random "get-random-u64" (func $ru64))
              (core func $ru64-c (canon lower (func $ru64)))
              (alias export $random "get-random-bytes" (func $rbytes))
              (core func $rbytes-c (canon lower (func $rbytes) (memory $mem) (realloc $realloc)))
              (alias export $pre "get-directories" (func $dirs))
              (core func $dirs-c (canon lower (func $dirs) (memory $mem) (realloc $realloc) string-encoding=utf8))
              (alias export $fs "[method]descriptor.open-at" (func $open-at))
              (core func $open-at-c (canon lower (func $open-at) (memory $mem) string-encoding=utf8))
              (alias export $fs "[method]descriptor.read-via-stream" (func $rvs))
              (core func $rvs-c (canon lower (func $rvs) (memory $mem)))
              (core func $drop-d (canon resource.drop $descriptor))
              (core instance $w
                (export "get-stdout" (func $get-stdout-c))
                (export "bwf" (func $bwf-c))
                (export "bread" (func $bread-c))
                (export "drop-os" (func $drop-os))
                (export "drop-is" (func $drop-is))
                (export "get-env" (func $get-env-c))
                (export "wall-now" (func $wall-now-c))
                (export "mono-now" (func $mono-now-c))
                (export "ru64" (func $ru64-c))
                (export "rbytes" (func $rbytes-c))
                (export "dirs" (func $dirs-c))
                (export "open-at" (func $open-at-c))
                (export "rvs" (func $rvs-c))
                (export "drop-d" (func $drop-d))
                (export "subscribe" (func $subscribe-c))
                (export "block" (func $block-c))
                (export "poll" (func $poll-c))
                (export "drop-p" (func $drop-p)))

              (core module $m
                (import "mem" "mem" (memory 2))
                (import "w" "get-stdout" (func $get-stdout (result i32)))
                (import "w" "bwf" (func $bwf (param i32 i32 i32 i32)))
                (import "w" "bread" (func $bread (param i32 i64 i32)))
                (import "w" "drop-os" (func $drop-os (param i32)))
                (import "w" "drop-is" (func $drop-is (param i32)))
                (import "w" "get-env" (func $get-env (param i32)))
                (import "w" "wall-now" (func $wall-now (param i32)))
                (import "w" "mono-now" (func $mono-now (result i64)))
                (import "w" "ru64" (func $ru64 (result i64)))
                (import "w" "rbytes" (func $rbytes (param i64 i32)))
                (import "w" "dirs" (func $dirs (param i32)))
                (import "w" "open-at" (func $open-at (param i32 i32 i32 i32 i32 i32 i32)))
                (import "w" "rvs" (func $rvs (param i32 i64 i32)))
                (import "w" "drop-d" (func $drop-d (param i32)))
                (import "w" "subscribe" (func $subscribe (param i64) (result i32)))
                (import "w" "block" (func $block (param i32)))
                (import "w" "poll" (func $poll (param i32 i32 i32)))
                (import "w" "drop-p" (func $drop-p (param i32)))
                ;; waits ns on a monotonic pollable (block, then poll of it); the time that passed, 0 if
                ;; poll did not answer [0]
                (func (export "sleep") (param $ns i64) (result i64)
                  (local $t i64) (local $p i32)
                  call $mono-now local.set $t
                  local.get $ns call $subscribe local.set $p
                  local.get $p call $block
                  i32.const 1200 local.get $p i32.store
                  i32.const 1200 i32.const 1 i32.const 1208 call $poll
                  local.get $p call $drop-p
                  call $mono-now local.get $t i64.sub
                  i64.const 0
                  i32.const 1212 i32.load i32.const 1 i32.eq
                  select)
                (data (i32.const 16) "hello from wat\\n")
                (data (i32.const 64) "in.txt")
                ;; writes ptr/len to a fresh stdout, drops it; the write's result discriminant
                (func $print (param $ptr i32) (param $len i32) (result i32)
                  (local $s i32)
                  call $get-stdout local.set $s
                  local.get $s local.get $ptr local.get $len i32.const 2000 call $bwf
                  local.get $s call $drop-os
                  i32.const 2000 i32.load8_u)
                (func (export "hello") (result i32) i32.const 16 i32.const 15 call $print)
                ;; prints the first variable's name and value; the number of variables
                (func (export "env") (result i32)
                  i32.const 1024 call $get-env
                  i32.const 1028 i32.load i32.eqz if i32.const 0 return end
                  i32.const 1024 i32.load i32.load
                  i32.const 1024 i32.load i32.load offset=4 call $print drop
                  i32.const 1024 i32.load i32.load offset=8
                  i32.const 1024 i32.load i32.load offset=12 call $print drop
                  i32.const 1028 i32.load)
                ;; opens name in the first preopen, prints up to 100 bytes of it; bytes read, or 1000 + error
                ;; code of open-at, 2000 + that of read-via-stream, 3000 on a stream error, 9999: no preopen
                (func (export "read-file") (param $name i32) (param $nlen i32) (result i32)
                  (local $d i32) (local $f i32) (local $in i32)
                  i32.const 1024 call $dirs
                  i32.const 1028 i32.load i32.eqz if i32.const 9999 return end
                  i32.const 1024 i32.load i32.load local.set $d
                  local.get $d i32.const 0 local.get $name local.get $nlen i32.const 0 i32.const 1 i32.const 1040
                  call $open-at
                  i32.const 1040 i32.load8_u if i32.const 1000 i32.const 1044 i32.load8_u i32.add return end
                  i32.const 1044 i32.load local.set $f
                  local.get $f i64.const 0 i32.const 1056 call $rvs
                  i32.const 1056 i32.load8_u if i32.const 2000 i32.const 1060 i32.load8_u i32.add return end
                  i32.const 1060 i32.load local.set $in
                  local.get $in i64.const 100 i32.const 1072 call $bread
                  i32.const 1072 i32.load8_u if i32.const 3000 return end
                  i32.const 1076 i32.load i32.const 1080 i32.load call $print drop
                  local.get $in call $drop-is
                  local.get $f call $drop-d
                  i32.const 1080 i32.load)
                ;; opens name in the first preopen and a stream at offset; 0, or 1000/2000 + the error code
                (func (export "stream-at") (param $name i32) (param $nlen i32) (param $offset i64) (result i32)
                  i32.const 1024 call $dirs
                  i32.const 1024 i32.load i32.load i32.const 0 local.get $name local.get $nlen i32.const 0
                  i32.const 1 i32.const 1040 call $open-at
                  i32.const 1040 i32.load8_u if i32.const 1000 i32.const 1044 i32.load8_u i32.add return end
                  i32.const 1044 i32.load local.get $offset i32.const 1056 call $rvs
                  i32.const 1056 i32.load8_u if i32.const 2000 i32.const 1060 i32.load8_u i32.add return end
                  i32.const 0)
                (func (export "now") (result i64) i32.const 1024 call $wall-now i32.const 1024 i64.load)
                (func (export "mono") (result i64) call $mono-now)
                (func (export "random") (result i64) call $ru64)
                (func (export "random-bytes") (param $n i64) (result i32)
                  local.get $n i32.const 1024 call $rbytes i32.const 1028 i32.load)
                (func (export "forge-stream") (param $h i32) (result i32)
                  local.get $h i32.const 16 i32.const 15 i32.const 2000 call $bwf i32.const 0)
                (func (export "forge-descriptor") (param $h i32) (result i32)
                  local.get $h i32.const 0 i32.const 64 i32.const 6 i32.const 0 i32.const 1 i32.const 1040 call $open-at
                  i32.const 1040 i32.load8_u)
                (func (export "stream-as-descriptor") (result i32)
                  call $get-stdout i32.const 0 i32.const 64 i32.const 6 i32.const 0 i32.const 1 i32.const 1040
                  call $open-at i32.const 0)
                (func (export "write-after-drop") (result i32)
                  (local $s i32)
                  call $get-stdout local.set $s
                  local.get $s call $drop-os
                  local.get $s i32.const 16 i32.const 15 i32.const 2000 call $bwf i32.const 0)
                (func (export "huge-write") (param $n i32) (result i32)
                  call $get-stdout i32.const 0 local.get $n i32.const 2000 call $bwf i32.const 0)
                (func (export "flood") (param $n i32) (result i32)
                  (local $i i32)
                  (loop $l
                    i32.const 16 i32.const 15 call $print drop
                    local.get $i i32.const 1 i32.add local.tee $i local.get $n i32.lt_u br_if $l)
                  local.get $i))
              (core instance $i (instantiate $m (with "mem" (instance $mi)) (with "w" (instance $w))))
              (func (export "hello") (result u32) (canon lift (core func $i "hello")))
              (func (export "env") (result u32) (canon lift (core func $i "env")))
              (func (export "read-file") (param "name" string) (result u32)
                (canon lift (core func $i "read-file") (memory $mem) (realloc $realloc) string-encoding=utf8))
              (func (export "stream-at") (param "name" string) (param "offset" u64) (result u32)
                (canon lift (core func $i "stream-at") (memory $mem) (realloc $realloc) string-encoding=utf8))
              (func (export "now") (result u64) (canon lift (core func $i "now")))
              (func (export "mono") (result u64) (canon lift (core func $i "mono")))
              (func (export "random") (result u64) (canon lift (core func $i "random")))
              (func (export "sleep") (param "ns" u64) (result u64) (canon lift (core func $i "sleep")))
              (func (export "random-bytes") (param "n" u64) (result u32) (canon lift (core func $i "random-bytes")))
              (func (export "forge-stream") (param "h" u32) (result u32) (canon lift (core func $i "forge-stream")))
              (func (export "forge-descriptor") (param "h" u32) (result u32)
                (canon lift (core func $i "forge-descriptor")))
              (func (export "stream-as-descriptor") (result u32) (canon lift (core func $i "stream-as-descriptor")))
              (func (export "write-after-drop") (result u32) (canon lift (core func $i "write-after-drop")))
              (func (export "huge-write") (param "n" u32) (result u32) (canon lift (core func $i "huge-write")))
              (func (export "flood") (param "n" u32) (result u32) (canon lift (core func $i "flood")))
            )
            """;
}
