package dev.plinth.api.kv;

/** A {@link KeyValueStore} could not do what it was asked (its file or database failed). */
public class KeyValueStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeyValueStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
