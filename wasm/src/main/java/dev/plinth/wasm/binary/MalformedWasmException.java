package dev.plinth.wasm.binary;

/**
 * The bytes are not a WebAssembly binary this reader understands: truncated, an over-long or
 * out-of-range LEB128 number, an unknown section or opcode, or sections out of order. The message
 * names the byte offset in the module.
 */
public final class MalformedWasmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedWasmException(String message) {
        super(message);
    }
}
