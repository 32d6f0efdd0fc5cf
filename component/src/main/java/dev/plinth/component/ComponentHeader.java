package dev.plinth.component;

/**
 * Tells a core WebAssembly module from a component by the first 8 bytes, as the binary formats
 * intend: both start with {@code \0asm}; a core module continues with version 1 and layer 0, a
 * component with version {@code 0x0d} and layer 1. The loader uses it to route a plugin file.
 */
public final class ComponentHeader {
    /** The kinds of binary the header can say. */
    public enum Kind {
        CORE_MODULE, COMPONENT, UNKNOWN
    }

    static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6D};
    static final int COMPONENT_VERSION = 0x0d;
    static final int COMPONENT_LAYER = 0x01;

    private ComponentHeader() {
    }

    /** What the first 8 bytes of {@code bytes} say it is; {@link Kind#UNKNOWN} when shorter or neither. */
    public static Kind kind(byte[] bytes) {
        if (bytes.length < 8) {
            return Kind.UNKNOWN;
        }
        for (int i = 0; i < 4; i++) {
            if (bytes[i] != MAGIC[i]) {
                return Kind.UNKNOWN;
            }
        }
        int version = (bytes[4] & 0xFF) | (bytes[5] & 0xFF) << 8;
        int layer = (bytes[6] & 0xFF) | (bytes[7] & 0xFF) << 8;
        if (version == 1 && layer == 0) {
            return Kind.CORE_MODULE;
        }
        if (version == COMPONENT_VERSION && layer == COMPONENT_LAYER) {
            return Kind.COMPONENT;
        }
        return Kind.UNKNOWN;
    }

    public static boolean isComponent(byte[] bytes) {
        return kind(bytes) == Kind.COMPONENT;
    }

    public static boolean isCoreModule(byte[] bytes) {
        return kind(bytes) == Kind.CORE_MODULE;
    }
}
