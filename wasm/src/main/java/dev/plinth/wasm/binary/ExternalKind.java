package dev.plinth.wasm.binary;

/** The kind bytes of imports and exports. */
public final class ExternalKind {
    public static final int FUNCTION = 0x00;
    public static final int TABLE = 0x01;
    public static final int MEMORY = 0x02;
    public static final int GLOBAL = 0x03;
    public static final int TAG = 0x04;

    private ExternalKind() {
    }
}
