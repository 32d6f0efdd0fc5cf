package dev.plinth.testing;

/**
 * WAT functions that Extism-shaped test modules keep needing, to splice into a module's text: they
 * move bytes into a new kernel block the way a PDK does, one {@code store_u8} at a time. A module
 * that uses them imports {@code alloc} and {@code store_u8} from {@code extism:host/env}, and for
 * {@link #INPUT_BLOCK} also {@code input_length} and {@code input_load_u8}, under those names.
 */
public final class ExtismWat {
    /** {@code $input_block: () -> i64}: a new block holding a copy of the call's input. */
    public static final String INPUT_BLOCK = """
            (func $input_block (result i64)
              (local $n i64) (local $o i64) (local $i i64)
              (local.set $n (call $input_length))
              (local.set $o (call $alloc (local.get $n)))
              (block $done
                (loop $copy
                  (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
                  (call $store_u8 (i64.add (local.get $o) (local.get $i)) (call $input_load_u8 (local.get $i)))
                  (local.set $i (i64.add (local.get $i) (i64.const 1)))
                  (br $copy)))
              (local.get $o))
            """;

    private ExtismWat() {
    }

    /**
     * {@code <name>: (at i32, len i32) -> i64}: a new block holding a copy of the module's own
     * memory from {@code at}, {@code len} bytes (a key or a value the module keeps in a data segment).
     */
    public static String memoryBlock(String name) {
        if (!name.startsWith("$")) {
            throw new IllegalArgumentException("a WAT function name starts with $: " + name);
        }
        return """
                (func %s (param $at i32) (param $len i32) (result i64)
                  (local $o i64) (local $i i32)
                  (local.set $o (call $alloc (i64.extend_i32_u (local.get $len))))
                  (block $done
                    (loop $copy
                      (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
                      (call $store_u8 (i64.add (local.get $o) (i64.extend_i32_u (local.get $i)))
                        (i32.load8_u (i32.add (local.get $at) (local.get $i))))
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (br $copy)))
                  (local.get $o))
                """.formatted(name);
    }
}
