package dev.plinth.spring.dashboard;

import dev.plinth.security.audit.AuditEntry;
import dev.plinth.spring.endpoint.PluginDescriptors.AuditDescriptor;

/** One entry of the audit log across all plugins: the plugin it is about and the actuator's descriptor of it. */
public record AuditLine(String plugin, AuditDescriptor entry) {
    static AuditLine of(AuditEntry entry) {
        return new AuditLine(entry.plugin(), AuditDescriptor.of(entry));
    }
}
