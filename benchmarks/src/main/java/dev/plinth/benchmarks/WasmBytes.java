package dev.plinth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;

/**
 * A growing buffer of WebAssembly binary: bytes, LEB128 numbers, names and length-prefixed
 * sections and bodies, as the binary format spells them. Just enough to write a module by hand.
 */
final class WasmBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    WasmBytes bytes(int... values) {
        for (int value : values) {
            out.write(value);
        }
        return this;
    }

    WasmBytes bytes(byte[] values) {
        out.write(values, 0, values.length);
        return this;
    }

    /** An unsigned LEB128 number (counts, indices, sizes). */
    WasmBytes u32(int value) {
        int rest = value;
        do {
            int low = rest & 0x7f;
            rest >>>= 7;
            out.write(rest == 0 ? low : low | 0x80);
        } while (rest != 0);
        return this;
    }

    /** A signed LEB128 number (the immediate of {@code i32.const}). */
    WasmBytes s32(int value) {
        int rest = value;
        while (true) {
            int low = rest & 0x7f;
            rest >>= 7;
            boolean done = (rest == 0 && (low & 0x40) == 0) || (rest == -1 && (low & 0x40) != 0);
            out.write(done ? low : low | 0x80);
            if (done) {
                return this;
            }
        }
    }

    /** A name: its UTF-8 length, then its bytes. */
    WasmBytes name(String name) {
        byte[] utf8 = name.getBytes(UTF_8);
        return u32(utf8.length).bytes(utf8);
    }

    /** {@code content} prefixed with its size, as sections and function bodies are. */
    WasmBytes sized(WasmBytes content) {
        return u32(content.size()).bytes(content.toByteArray());
    }

    /** A section: its id, its size, its content. */
    WasmBytes section(int id, WasmBytes content) {
        return bytes(id).sized(content);
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
