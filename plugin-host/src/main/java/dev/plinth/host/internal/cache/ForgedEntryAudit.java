package dev.plinth.host.internal.cache;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.host.internal.registry.PluginLoader;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.audit.AuditLog;
import java.nio.file.Path;

/**
 * Records a compile cache entry refused as tampered with in the audit log, as a {@code signature}
 * refusal: a forged entry is an attempt to have the host define classes it did not compile. The
 * compiler knows the module's file, not its manifest, so the entry goes under the name the plugin's
 * file gives it (as a manifest refused before it could be read does), version {@code unknown}.
 */
public final class ForgedEntryAudit implements CompiledClassStore.Refusals {
    private final AuditLog log;

    public ForgedEntryAudit(AuditLog log) {
        this.log = log;
    }

    @Override
    public void forged(String module, Path entry, String reason) {
        Path label = Path.of(module);
        String plugin = PluginLoader.fallbackName(label.getNameCount() > 0 ? label.getName(0) : label);
        log.record(AuditEntry.now(plugin, "unknown", ErrorCode.SIGNATURE, "compile cache " + entry,
                module + ": the compile cache entry " + entry + " is refused: " + reason
                        + "; the module was compiled afresh", AuditAction.REFUSED));
    }
}
