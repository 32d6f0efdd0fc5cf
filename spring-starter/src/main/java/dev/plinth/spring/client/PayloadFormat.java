package dev.plinth.spring.client;

import dev.plinth.api.manifest.Codec;
import java.util.Optional;

/**
 * How a typed plugin bean encodes an argument or decodes a result: as the plugin's manifest
 * declares the export, or one codec regardless of it.
 */
public enum PayloadFormat {
    /**
     * As the serving version's {@code [exports]} table declares; for an undeclared export, from
     * the Java type: {@code byte[]} is bytes, {@code String} is text, anything else is JSON.
     */
    DECLARED,
    /** UTF-8 JSON, through the application's Jackson {@code JsonMapper}. */
    JSON,
    /** UTF-8 text. */
    TEXT,
    /** Raw bytes. */
    BYTES;

    /** The codec this format forces, or empty for {@link #DECLARED}. */
    Optional<Codec> forced() {
        return switch (this) {
            case DECLARED -> Optional.empty();
            case JSON -> Optional.of(Codec.JSON);
            case TEXT -> Optional.of(Codec.TEXT);
            case BYTES -> Optional.of(Codec.BYTES);
        };
    }
}
