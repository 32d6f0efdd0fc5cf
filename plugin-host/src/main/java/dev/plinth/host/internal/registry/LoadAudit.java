package dev.plinth.host.internal.registry;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.audit.AuditLog;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.policy.GrantDifference;
import java.util.EnumSet;
import java.util.Set;

/**
 * The audit entries of loading plugins: every ask the policy did not grant in full (the plugin
 * loads with less, and each refused ask is recorded), a load refused for a permission or a limit,
 * and the file accesses a loaded plugin's sandbox refuses. Signature refusals are the
 * {@link SignatureGate}'s.
 */
final class LoadAudit {
    /** The load failures that are refusals; the others (bad module, bad manifest...) are plain errors. */
    private static final Set<ErrorCode> REFUSALS = EnumSet.of(ErrorCode.PERMISSION_DENIED, ErrorCode.MEMORY_LIMIT);

    private final AuditLog log;

    LoadAudit(AuditLog log) {
        this.log = log;
    }

    /** One entry per ask not granted in full; the resource is the ask, e.g. {@code fs read:/etc}. */
    void notGranted(PluginManifest manifest, EffectiveGrants grants) {
        for (GrantDifference difference : grants.notGranted()) {
            record(manifest, ErrorCode.PERMISSION_DENIED, difference.kind() + " " + difference.asked(),
                    difference.describe());
        }
    }

    /** A load of {@code module} that failed: recorded if it was refused for a permission or a limit. */
    void loadFailed(PluginManifest manifest, String module, PluginException failure) {
        if (REFUSALS.contains(failure.code())) {
            record(manifest, failure.code(), module, failure.getMessage());
        }
    }

    /** A file access the plugin's sandbox refused, as the sandbox describes it. */
    void fileRefused(PluginManifest manifest, String refusal) {
        record(manifest, ErrorCode.PERMISSION_DENIED, "files", refusal);
    }

    private void record(PluginManifest manifest, ErrorCode what, String resource, String detail) {
        log.record(AuditEntry.now(manifest.name(), manifest.version().toString(), what, resource, detail,
                AuditAction.REFUSED));
    }
}
