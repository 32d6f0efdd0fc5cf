package dev.plinth.component.binding;

import java.util.Optional;

/**
 * WIT's {@code result<T, E>} in Java bindings generated from WIT: either {@link Ok} or {@link Err}.
 * A side without a payload ({@code result<_, E>}, {@code result<T>}, {@code result}) is {@link Void},
 * its value {@code null}.
 */
public sealed interface Result<T, E> {

    /** The success case. */
    record Ok<T, E>(T value) implements Result<T, E> {
    }

    /** The error case. */
    record Err<T, E>(E error) implements Result<T, E> {
    }

    /** A success. */
    static <T, E> Result<T, E> ok(T value) {
        return new Ok<>(value);
    }

    /** A success without a payload. */
    static <E> Result<Void, E> ok() {
        return new Ok<>(null);
    }

    /** An error. */
    static <T, E> Result<T, E> err(E error) {
        return new Err<>(error);
    }

    /** Whether this is {@link Ok}. */
    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The success value, empty for an error (or a success whose payload is {@code null}). */
    default Optional<T> okValue() {
        return this instanceof Ok<T, E> ok ? Optional.ofNullable(ok.value()) : Optional.empty();
    }

    /** The error, empty for a success (or an error whose payload is {@code null}). */
    default Optional<E> errValue() {
        return this instanceof Err<T, E> err ? Optional.ofNullable(err.error()) : Optional.empty();
    }
}
