package dev.plinth.bindgen;

import java.util.Objects;

/** One generated Java source file: its top-level class's binary name, its path under the output directory, its text. */
public record GeneratedSource(String className, String path, String content) {
    public GeneratedSource {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
    }
}
