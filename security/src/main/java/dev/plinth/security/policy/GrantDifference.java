package dev.plinth.security.policy;

import java.util.List;
import java.util.Objects;

/**
 * Something a manifest asked for and did not get in full, and why.
 *
 * @param kind {@code fs}, {@code net}, {@code host-function}, or a limit key such as {@code memory}
 * @param asked the rule, name or value asked for, as the manifest writes it
 * @param granted what was granted instead, as written (empty when nothing)
 * @param reason the kind of shortfall
 * @param detail a sentence that says why, naming the grant, ceiling or deny rule
 */
public record GrantDifference(String kind, String asked, List<String> granted, Reason reason, String detail) {

    /** Why an ask was not granted in full. */
    public enum Reason {
        /** No grant covers it. */
        NOT_GRANTED("not-granted"),
        /** Only part of it is granted. */
        NARROWED("narrowed"),
        /** A deny rule refuses it. */
        DENIED("denied"),
        /** A limit was capped by the grant or a ceiling. */
        CAPPED("capped"),
        /** The operator set the limit to another value (CLI {@code --timeout}, {@code --memory}, {@code --fuel}). */
        OVERRIDDEN("overridden");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The stable name used in structured output. */
        public String code() {
            return code;
        }
    }

    public GrantDifference {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(asked, "asked");
        granted = List.copyOf(granted);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** One line: {@code fs read:/data: narrowed to read:/data/images (...)}. */
    public String describe() {
        return kind + " " + asked + ": " + detail;
    }

    @Override
    public String toString() {
        return describe();
    }
}
