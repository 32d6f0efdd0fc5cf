package dev.plinth.component.binding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The WIT name behind a generated Java element: an interface's full name
 * ({@code wasi:io/streams@0.2.0}), a function's ({@code get-metadata}, {@code [method]blob.read},
 * {@code [constructor]blob}, {@code [static]blob.merge}), a record field's, an enum case's or a
 * flag's. A runtime that calls a component through a generated interface maps Java back to WIT by it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface Wit {
    /** The WIT name. */
    String value();
}
