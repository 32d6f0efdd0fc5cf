package dev.plinth.bindgen;

/** WIT that cannot become Java as asked: an unknown world, a Java package that is not one, a tuple too long. */
public final class BindgenException extends RuntimeException {
    public BindgenException(String message) {
        super(message);
    }
}
