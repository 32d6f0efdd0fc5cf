package dev.plinth.security.audit;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.unit.TextCap;
import java.time.Instant;
import java.util.Objects;

/**
 * One refusal or limit hit: who, what, on which resource, what was done about it, and when; or a
 * run of the same event repeated close together, with how often and when it first and last happened
 * (the {@link AuditLog} folds a flood into one entry). Resource and detail may carry text a plugin
 * chose (a path, a host name), so they are cut to {@value #MAX_RESOURCE_CHARS} and
 * {@value #MAX_DETAIL_CHARS} characters, marked, whatever the caller passes: an entry is a few
 * kilobytes at most.
 *
 * @param plugin the plugin's name
 * @param version its version string ({@code "unknown"} when the manifest could not be read)
 * @param what the stable error code of the event: {@code permission-denied}, {@code fuel-exhausted},
 *     {@code memory-limit}, {@code timeout}, {@code too-large}, {@code signature}, ...
 * @param resource what it was about: a path, {@code host:port}, a function and its limit, a module file
 * @param detail the message, as the error carried it (of the first event of a run)
 * @param action what Plinth did
 * @param at when it happened (the first time, for a run)
 * @param count how many times it happened: 1, or the length of a run of the same event
 * @param last when it happened the last time ({@code at} for a single event)
 */
public record AuditEntry(String plugin, String version, ErrorCode what, String resource, String detail,
        AuditAction action, Instant at, long count, Instant last) {
    /** The longest resource kept, in characters. */
    public static final int MAX_RESOURCE_CHARS = 256;
    /** The longest detail kept, in characters. */
    public static final int MAX_DETAIL_CHARS = 1024;

    public AuditEntry {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(last, "last");
        if (count < 1) {
            throw new IllegalArgumentException("an audit entry counts at least one event, was " + count);
        }
        if (last.isBefore(at)) {
            throw new IllegalArgumentException("the last event (" + last + ") is before the first (" + at + ")");
        }
        resource = TextCap.chars(resource, MAX_RESOURCE_CHARS);
        detail = TextCap.chars(detail, MAX_DETAIL_CHARS);
    }

    /** One event. */
    public AuditEntry(String plugin, String version, ErrorCode what, String resource, String detail,
            AuditAction action, Instant at) {
        this(plugin, version, what, resource, detail, action, at, 1, at);
    }

    /** An entry that happens now. */
    public static AuditEntry now(String plugin, String version, ErrorCode what, String resource, String detail,
            AuditAction action) {
        return new AuditEntry(plugin, version, what, resource, detail, action, Instant.now());
    }

    /**
     * Whether {@code other} is the same event as this one, so that a run of them may be counted in one
     * entry: same plugin, version, code, resource and action (the detail may differ, e.g. the path).
     */
    public boolean sameEventAs(AuditEntry other) {
        return plugin.equals(other.plugin) && version.equals(other.version) && what == other.what
                && resource.equals(other.resource) && action == other.action;
    }

    /** This entry with {@code later}'s events added: the counts summed, first and last times widened. */
    AuditEntry plus(AuditEntry later) {
        Instant first = later.at.isBefore(at) ? later.at : at;
        Instant newest = later.last.isAfter(last) ? later.last : last;
        return new AuditEntry(plugin, version, what, resource, detail, action, first, count + later.count, newest);
    }

    /**
     * One line for the log: {@code plugin version what [resource] action: detail}, and for a run
     * {@code (<count> times, <first> to <last>)} after it.
     */
    public String describe() {
        String line = plugin + " " + version + " " + what.code() + " [" + resource + "] " + action.label() + ": "
                + detail;
        return count == 1 ? line : line + " (" + count + " times, " + at + " to " + last + ")";
    }
}
