package dev.plinth.abi;

/**
 * A key-value call the host turned down, with the negative code the guest receives and the message
 * it can read with {@code plinth:host/kv error}. The call goes on; the plugin decides what to do.
 */
final class KvRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The key is empty, not UTF-8, or longer than {@code max-key-size}. */
    static final int BAD_KEY = -1;
    /** The value is larger than {@code max-value-size}. */
    static final int VALUE_TOO_LARGE = -2;
    /** A new key would be more than {@code max-keys}. */
    static final int TOO_MANY_KEYS = -3;
    /** The write would take more than {@code max-total-size}. */
    static final int TOTAL_TOO_LARGE = -4;
    /** The store failed (its file or database); the message says how. */
    static final int STORE_FAILED = -5;

    private final int code;

    KvRefusal(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
