package dev.plinth.wasm.binary;

import java.nio.charset.StandardCharsets;

/**
 * One section of a module: its id and its payload (the bytes after the size). The payload array
 * is owned by the section; callers do not modify it.
 */
public record Section(int id, byte[] payload) {

    /** A reader over the payload. */
    public ByteReader reader() {
        return new ByteReader(payload);
    }

    /** The name of a custom section (lenient UTF-8), or null for a known section. */
    public String customName() {
        if (id != SectionId.CUSTOM) {
            return null;
        }
        ByteReader reader = reader();
        int length = reader.index();
        int start = reader.position();
        reader.skip(length);
        return new String(payload, start, length, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Section[id=" + id + ", " + payload.length + " bytes]";
    }
}
