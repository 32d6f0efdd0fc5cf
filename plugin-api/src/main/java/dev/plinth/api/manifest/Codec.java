package dev.plinth.api.manifest;

/** How an export's input or output bytes are to be read by callers. */
public enum Codec {
    /** UTF-8 JSON. */
    JSON,
    /** UTF-8 text. */
    TEXT,
    /** Raw bytes. */
    BYTES
}
