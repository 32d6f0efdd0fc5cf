package dev.plinth.spring.health;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.VersionInfo;
import dev.plinth.spring.client.ClientContracts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the plugins ({@code plugins} in {@code /actuator/health}): DOWN while a plugin listed
 * in {@code plinth.health.required-plugins} is not serving, UP otherwise. A plugin that failed to
 * load but that the application does not require shows in the details without taking health down.
 * Methods of the application's typed clients that a serving version does not export show as
 * {@code clientMismatches} in that plugin's details, and take health down for a required plugin.
 */
public final class PluginsHealthIndicator implements HealthIndicator {
    private final PluginRegistry registry;
    private final Set<String> required;
    private final ClientContracts clients;

    public PluginsHealthIndicator(PluginRegistry registry, List<String> requiredPlugins, ClientContracts clients) {
        this.registry = registry;
        this.required = new TreeSet<>(requiredPlugins);
        this.clients = clients;
    }

    @Override
    public Health health() {
        Map<String, List<VersionInfo>> byName = new TreeMap<>();
        for (VersionInfo info : registry.list()) {
            byName.computeIfAbsent(info.name(), n -> new ArrayList<>()).add(info);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        Set<String> missing = new TreeSet<>();
        Set<String> mismatched = new TreeSet<>();
        Set<String> names = new TreeSet<>(byName.keySet());
        names.addAll(required);
        for (String name : names) {
            List<VersionInfo> entries = byName.getOrDefault(name, List.of());
            boolean serving = entries.stream().anyMatch(VersionInfo::serving);
            if (required.contains(name) && !serving) {
                missing.add(name);
            }
            Map<String, Object> detail = describe(entries, serving, required.contains(name));
            List<String> mismatches = entries.stream().filter(VersionInfo::serving)
                    .flatMap(version -> clients.mismatches(version).stream()).distinct().toList();
            if (!mismatches.isEmpty()) {
                detail.put("clientMismatches", mismatches);
                if (required.contains(name)) {
                    mismatched.add(name);
                }
            }
            details.put(name, detail);
        }
        Health.Builder health = missing.isEmpty() && mismatched.isEmpty() ? Health.up() : Health.down();
        if (!missing.isEmpty()) {
            health.withDetail("notServing", missing);
        }
        if (!mismatched.isEmpty()) {
            health.withDetail("clientMismatches", mismatched);
        }
        return health.withDetail("plugins", details).build();
    }

    private static Map<String, Object> describe(List<VersionInfo> entries, boolean serving, boolean required) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("serving", serving);
        detail.put("required", required);
        if (entries.isEmpty()) {
            detail.put("status", "missing");
            return detail;
        }
        VersionInfo principal = entries.stream().filter(VersionInfo::serving).findFirst().orElse(entries.get(0));
        detail.put("status", principal.status().text());
        detail.put("version", principal.version());
        detail.put("versionId", principal.versionId().toString());
        entries.stream().filter(i -> !i.serving()).flatMap(i -> i.lastError().stream()).findFirst()
                .ifPresent(e -> detail.put("error", e.code().code() + ": " + e.message()));
        return detail;
    }
}
