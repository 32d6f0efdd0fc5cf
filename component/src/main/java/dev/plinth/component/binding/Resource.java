package dev.plinth.component.binding;

/**
 * A handle to a WIT resource in generated bindings: each generated resource interface extends
 * this. {@link #close} drops the handle (the resource's destructor runs in its owner); a WIT
 * method named {@code close} is generated as {@code close_}.
 */
public interface Resource extends AutoCloseable {
    /** Drops the handle. */
    @Override
    void close();
}
