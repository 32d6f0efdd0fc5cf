package dev.plinth.security.audit;

/**
 * Told about every audit entry as it is recorded, on the recording thread (for example the Spring
 * starter's violation counter). Keep it quick and never throw: a listener that throws is logged and
 * ignored.
 */
@FunctionalInterface
public interface AuditListener {
    void onAudit(AuditEntry entry);
}
