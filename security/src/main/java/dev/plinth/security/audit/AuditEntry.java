package dev.plinth.security.audit;

import dev.plinth.api.error.ErrorCode;
import java.time.Instant;
import java.util.Objects;

/**
 * One refusal or limit hit: who, what, on which resource, what was done about it, and when.
 *
 * @param plugin the plugin's name
 * @param version its version string ({@code "unknown"} when the manifest could not be read)
 * @param what the stable error code of the event: {@code permission-denied}, {@code fuel-exhausted},
 *     {@code memory-limit}, {@code timeout}, {@code too-large}, {@code signature}, ...
 * @param resource what it was about: a path, {@code host:port}, a function and its limit, a module file
 * @param detail the full message, as the error carried it
 * @param action what Plinth did
 * @param at when it happened
 */
public record AuditEntry(String plugin, String version, ErrorCode what, String resource, String detail,
        AuditAction action, Instant at) {
    public AuditEntry {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(at, "at");
    }

    /** An entry that happens now. */
    public static AuditEntry now(String plugin, String version, ErrorCode what, String resource, String detail,
            AuditAction action) {
        return new AuditEntry(plugin, version, what, resource, detail, action, Instant.now());
    }

    /** One line for the log: {@code plugin version what [resource] action: detail}. */
    public String describe() {
        return plugin + " " + version + " " + what.code() + " [" + resource + "] " + action.label() + ": " + detail;
    }
}
