package dev.plinth.api.manifest;

import java.util.Objects;

/**
 * An {@code [exports.<name>]} table: a function the plugin promises to export, and the codecs of
 * its input and output (both {@link Codec#BYTES} unless declared).
 */
public record ExportDeclaration(String name, Codec input, Codec output) {
    public ExportDeclaration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
    }
}
