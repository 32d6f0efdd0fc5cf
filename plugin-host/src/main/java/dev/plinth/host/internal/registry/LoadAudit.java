package dev.plinth.host.internal.registry;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.HostHeapExhaustedException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.StackExhaustedException;
import dev.plinth.api.file.PluginFileException;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.audit.AuditLog;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.policy.GrantDifference;
import dev.plinth.wasm.shape.ModuleOverLimitException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The audit entries of loading plugins: every ask the policy did not grant in full (the plugin
 * loads with less, and each refused ask is recorded), a load refused for a permission or a limit,
 * a plugin file the loader would not read, a first instance stopped at a limit while it
 * initialized, and the file accesses a loaded plugin's sandbox refuses. Signature refusals are the
 * {@link SignatureGate}'s.
 */
final class LoadAudit {
    /** The load failures that are refusals; the others (bad module, bad manifest...) are plain errors. */
    private static final Set<ErrorCode> REFUSALS = EnumSet.of(ErrorCode.PERMISSION_DENIED, ErrorCode.MEMORY_LIMIT,
            ErrorCode.INCOMPATIBLE);
    /** The instantiation failures that are limit hits. */
    private static final Set<ErrorCode> STOPS = EnumSet.of(ErrorCode.TIMEOUT, ErrorCode.FUEL_EXHAUSTED,
            ErrorCode.MEMORY_LIMIT);

    private final AuditLog log;

    LoadAudit(AuditLog log) {
        this.log = log;
    }

    /** One entry per ask not granted in full; the resource is the ask, e.g. {@code fs read:/etc}. */
    void notGranted(PluginManifest manifest, EffectiveGrants grants) {
        for (GrantDifference difference : grants.notGranted()) {
            record(manifest, ErrorCode.PERMISSION_DENIED, difference.kind() + " " + difference.asked(),
                    difference.describe(), AuditAction.REFUSED);
        }
    }

    /**
     * A load of {@code module} that failed: recorded if it was refused for a permission or a limit,
     * or because a file of the plugin may not be read (not a regular file, a link out of the
     * plugins folder, over its size cap).
     */
    void loadFailed(PluginManifest manifest, String module, PluginException failure) {
        if (failure instanceof ModuleOverLimitException overLimit) {
            record(manifest, failure.code(), module + " (" + overLimit.limit() + ")", failure.getMessage(),
                    AuditAction.REFUSED);
        } else if (REFUSALS.contains(failure.code()) || failure.getCause() instanceof PluginFileException) {
            record(manifest, failure.code(), module, failure.getMessage(), AuditAction.REFUSED);
        }
    }

    /**
     * The first instance of {@code module}, made at load, was stopped at a limit while it
     * initialized (deadline, fuel, the host's heap, the call stack): recorded as stopped, with the
     * phase that ran into it. Its other failures (a trap in {@code _initialize}, a link error) are
     * the plugin's own, and only fail the load.
     */
    void instantiationStopped(PluginManifest manifest, String module, String phase, PluginException failure) {
        if (STOPS.contains(failure.code()) || failure instanceof StackExhaustedException) {
            String limit = failure instanceof StackExhaustedException ? "call stack"
                    : failure instanceof HostHeapExhaustedException ? "host heap" : failure.code().code();
            record(manifest, failure.code(), module + " " + phase + " (" + limit + ")", failure.getMessage(),
                    AuditAction.STOPPED);
        }
    }

    /** A manifest refused as a file, before there was a manifest: recorded under the plugin's file name. */
    void fileRefused(String plugin, PluginFileException refusal) {
        log.record(AuditEntry.now(plugin, "unknown", ErrorCode.INVALID_MANIFEST, refusal.file().toString(),
                refusal.getMessage(), AuditAction.REFUSED));
    }

    /** A file access the plugin's sandbox refused, as the sandbox describes it. */
    void fileRefused(PluginManifest manifest, String refusal) {
        record(manifest, ErrorCode.PERMISSION_DENIED, "files", refusal, AuditAction.REFUSED);
    }

    private void record(PluginManifest manifest, ErrorCode what, String resource, String detail,
            AuditAction action) {
        log.record(AuditEntry.now(manifest.name(), manifest.version().toString(), what, resource, detail, action));
    }
}
