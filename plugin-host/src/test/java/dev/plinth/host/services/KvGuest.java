package dev.plinth.host.services;

import dev.plinth.testing.ExtismWat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A plugin assembled from WAT that drives {@code plinth:host/kv} as a PDK would: each export takes
 * its arguments from the input, keeps the kv function's result in a global ({@code code} outputs
 * it as 8 bytes), and on a negative result fails with the message from {@code error()}. Some
 * exports attack: flooding keys, a huge value, a long key, bad offsets.
 */
final class KvGuest {
    static final String WAT = """
            (module
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "length" (func $length (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "extism:host/env" "error_set" (func $error_set (param i64)))
              (import "plinth:host/kv" "get" (func $kv_get (param i64) (result i64)))
              (import "plinth:host/kv" "set" (func $kv_set (param i64 i64) (result i64)))
              (import "plinth:host/kv" "delete" (func $kv_delete (param i64) (result i64)))
              (import "plinth:host/kv" "list" (func $kv_list (param i64) (result i64)))
              (import "plinth:host/kv" "error" (func $kv_error (result i64)))
              (memory (export "memory") 24 24)
              (global $code (mut i64) (i64.const 0))
              %s
              %s
              ;; the input copied to 4096; its length
              (func $input_here (result i32) (local $n i32) (local $i i32)
                (local.set $n (i32.wrap_i64 (call $input_length)))
                (block $done (loop $copy
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  (i32.store8 (i32.add (i32.const 4096) (local.get $i))
                    (call $input_load_u8 (i64.extend_i32_u (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $copy)))
                (local.get $n))
              ;; keeps the result; negative: fails with error()'s message
              (func $finish (param $r i64) (result i32)
                (global.set $code (local.get $r))
                (if (i64.lt_s (local.get $r) (i64.const 0))
                  (then (call $error_set (call $kv_error)) (return (i32.const 1))))
                (i32.const 0))
              ;; outputs a block the host returned (nothing for 0)
              (func $output_block (param $b i64)
                (if (i64.gt_s (local.get $b) (i64.const 0))
                  (then (call $output_set (local.get $b) (call $length (local.get $b))))))
              (func $result (param $count i32) (param $code i64) (result i32)
                (i32.store (i32.const 200) (local.get $count))
                (i64.store (i32.const 204) (local.get $code))
                (call $output_set (call $block (i32.const 200) (i32.const 12)) (i64.const 12))
                (i32.const 0))

              (func (export "code") (result i32)
                (i64.store (i32.const 100) (global.get $code))
                (call $output_set (call $block (i32.const 100) (i32.const 8)) (i64.const 8))
                (i32.const 0))
              ;; input: the key
              (func (export "get") (result i32) (local $r i64)
                (local.set $r (call $kv_get (call $input_block)))
                (if (i32.eqz (call $finish (local.get $r))) (then (call $output_block (local.get $r)) (return (i32.const 0))))
                (i32.const 1))
              ;; input: key length (u32 LE), key, value
              (func (export "set") (result i32) (local $n i32) (local $k i32)
                (local.set $n (call $input_here))
                (local.set $k (i32.load (i32.const 4096)))
                (call $finish (call $kv_set (call $block (i32.const 4100) (local.get $k))
                  (call $block (i32.add (i32.const 4100) (local.get $k))
                    (i32.sub (i32.sub (local.get $n) (i32.const 4)) (local.get $k))))))
              ;; input: the key; output: 1 removed, 0 absent (8 bytes)
              (func (export "delete") (result i32) (local $r i64)
                (local.set $r (call $kv_delete (call $input_block)))
                (if (call $finish (local.get $r)) (then (return (i32.const 1))))
                (i64.store (i32.const 100) (local.get $r))
                (call $output_set (call $block (i32.const 100) (i32.const 8)) (i64.const 8))
                (i32.const 0))
              ;; input: the prefix (empty: all); output: the JSON array
              (func (export "list") (result i32) (local $r i64)
                (local.set $r (call $kv_list (if (result i64) (i64.eqz (call $input_length))
                  (then (i64.const 0)) (else (call $input_block)))))
                (if (i32.eqz (call $finish (local.get $r))) (then (call $output_block (local.get $r)) (return (i32.const 0))))
                (i32.const 1))

              ;; new keys "k" + 3 letters with 16-byte values until 17576 or a refusal: [count, code]
              (func (export "flood_keys") (result i32) (local $i i32) (local $r i64)
                (block $done (loop $next
                  (br_if $done (i32.ge_u (local.get $i) (i32.const 17576)))
                  (i32.store8 (i32.const 1100) (i32.const 107))
                  (i32.store8 (i32.const 1101) (i32.add (i32.const 97) (i32.rem_u (local.get $i) (i32.const 26))))
                  (i32.store8 (i32.const 1102)
                    (i32.add (i32.const 97) (i32.rem_u (i32.div_u (local.get $i) (i32.const 26)) (i32.const 26))))
                  (i32.store8 (i32.const 1103)
                    (i32.add (i32.const 97) (i32.rem_u (i32.div_u (local.get $i) (i32.const 676)) (i32.const 26))))
                  (local.set $r (call $kv_set (call $block (i32.const 1100) (i32.const 4))
                    (call $block (i32.const 1200) (i32.const 16))))
                  (br_if $done (i64.lt_s (local.get $r) (i64.const 0)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $next)))
                (global.set $code (local.get $r))
                (call $result (local.get $i) (local.get $r)))
              ;; a value as long as the input says (u32 LE), never filled in: [0, code]
              (func (export "huge_value") (result i32) (local $r i64)
                (drop (call $input_here))
                (i32.store (i32.const 1100) (i32.const 0x67696268))
                (local.set $r (call $kv_set (call $block (i32.const 1100) (i32.const 4))
                  (call $alloc (i64.extend_i32_u (i32.load (i32.const 4096))))))
                (global.set $code (local.get $r))
                (call $result (i32.const 0) (local.get $r)))
              ;; a key of 2000 bytes: [0, code]
              (func (export "long_key") (result i32) (local $r i64)
                (local.set $r (call $kv_get (call $alloc (i64.const 2000))))
                (global.set $code (local.get $r))
                (call $result (i32.const 0) (local.get $r)))
              ;; offsets that are no blocks
              (func (export "bad_key_offset") (result i32)
                (drop (call $kv_get (i64.const 123456789)))
                (i32.const 0))
              (func (export "bad_value_offset") (result i32)
                (drop (call $kv_set (call $block (i32.const 1100) (i32.const 4)) (i64.const -8)))
                (i32.const 0))
              (func (export "bad_list_offset") (result i32)
                (drop (call $kv_list (i64.const 77)))
                (i32.const 0))
            )
            """.formatted(ExtismWat.INPUT_BLOCK, ExtismWat.memoryBlock("$block"));

    private KvGuest() {
    }

    /** The input of {@code set}. */
    static byte[] setInput(String key, byte[] value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + k.length + value.length).order(ByteOrder.LITTLE_ENDIAN).putInt(k.length).put(k)
                .put(value).array();
    }

    static byte[] setInput(String key, String value) {
        return setInput(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The input of {@code huge_value}. */
    static byte[] length(int bytes) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes).array();
    }

    /** [count, code] of an attack export. */
    static long[] countAndCode(byte[] output) {
        ByteBuffer b = ByteBuffer.wrap(output).order(ByteOrder.LITTLE_ENDIAN);
        return new long[] {b.getInt(0), b.getLong(4)};
    }

    static long code(byte[] output) {
        return ByteBuffer.wrap(output).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }
}
