package dev.plinth.host.internal.registry;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.AbiViolationException;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.HostHeapExhaustedException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.StackExhaustedException;
import dev.plinth.abi.KernelMemoryLimitException;
import dev.plinth.api.unit.DataSize;
import dev.plinth.api.unit.DurationText;
import dev.plinth.component.CanonicalAbiException;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.audit.AuditLog;
import java.util.EnumSet;
import java.util.Set;

/**
 * Decides which failed calls of one plugin version go to the audit log, and writes them: refusals
 * and limit hits do (a denied file, host or function, a too-large payload, memory, deadline or
 * fuel spent, the host's heap exhausted, the call stack exhausted, an ABI argument the host
 * refused, a component breaking the canonical ABI: a forged or dropped resource handle, a bad pointer, invalid
 * UTF-8), for calls and for the instantiations made for them; the plugin's own errors,
 * its other traps and busy pools do not, since they hurt only the plugin or its caller.
 */
final class CallAudit {
    /** The codes that are refusals or limit hits whatever the failure's type. */
    private static final Set<ErrorCode> AUDITED = EnumSet.of(ErrorCode.PERMISSION_DENIED, ErrorCode.TOO_LARGE,
            ErrorCode.MEMORY_LIMIT, ErrorCode.TIMEOUT, ErrorCode.FUEL_EXHAUSTED);

    private final AuditLog log;
    private final String plugin;
    private final String version;
    private final PluginLimits limits;

    CallAudit(AuditLog log, String plugin, String version, PluginLimits limits) {
        this.log = log;
        this.plugin = plugin;
        this.version = version;
        this.limits = limits;
    }

    /** Whether a failure is a refusal or limit hit, and so audited. */
    private static boolean audited(PluginException failure) {
        return AUDITED.contains(failure.code()) || failure instanceof StackExhaustedException
                || failure instanceof AbiViolationException || guestBrokeTheAbi(failure);
    }

    /** A component's violation of the canonical ABI, not its own trap nor a call to an instance already dead. */
    private static boolean guestBrokeTheAbi(PluginException failure) {
        return failure instanceof CanonicalAbiException abi && abi.violation() != CanonicalAbiException.Violation.GUEST_TRAP
                && abi.violation() != CanonicalAbiException.Violation.DEAD_INSTANCE;
    }

    /** A call turned down before it ran, e.g. an input over the limit; {@code resource} says which limit. */
    void refused(PluginException failure, String resource) {
        record(failure, resource, AuditAction.REFUSED);
    }

    /** A call of {@code function} stopped while it ran; its instance is discarded. */
    void stopped(PluginException failure, String function) {
        record(failure, resource(function, failure), AuditAction.STOPPED);
    }

    /**
     * Records an entry. Making it may run out of heap (the failure may be the heap running out,
     * with other threads still filling it): that {@link OutOfMemoryError} is the caller's to retry.
     * Once the entry is kept, only its log line can still be lost to one, which is not rethrown, so
     * that a retry cannot record the entry twice.
     */
    private void record(PluginException failure, String resource, AuditAction action) {
        if (!audited(failure)) {
            return;
        }
        AuditEntry entry = AuditEntry.now(plugin, version, failure.code(), resource, failure.getMessage(), action);
        try {
            log.record(entry);
        } catch (OutOfMemoryError e) {
            // kept in the log before its line was written; only the line is lost
        }
    }

    /** The call's function, with the limit or host function it ran into where that is known. */
    private String resource(String function, PluginException failure) {
        if (failure instanceof StackExhaustedException) {
            return function + " (call stack)";
        }
        if (failure instanceof AbiViolationException violation) {
            String host = violation.hostFunction();
            return function + (host.contains("::") ? " (" + host + ")" : " (extism:host/env " + host + ")");
        }
        if (failure instanceof CanonicalAbiException abi) {
            return function + " (canonical ABI " + abi.violation() + ")";
        }
        if (failure instanceof HostHeapExhaustedException) {
            return function + " (host heap)";
        }
        if (failure instanceof KernelMemoryLimitException) {
            return function + " (kernel memory " + DataSize.ofBytes(limits.maxKernelBytes()) + ")";
        }
        return switch (failure.code()) {
            case TIMEOUT -> function + " (cpu-time " + DurationText.format(limits.callTimeout()) + ")";
            case MEMORY_LIMIT -> function + " (memory " + limits.maxMemory() + ")";
            default -> function;
        };
    }
}
