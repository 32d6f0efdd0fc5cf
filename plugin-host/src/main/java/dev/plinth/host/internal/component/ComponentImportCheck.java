package dev.plinth.host.internal.component;

import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.unit.TextCap;
import dev.plinth.component.Component;
import dev.plinth.component.wasi.WasiComponents;
import dev.plinth.security.policy.EffectiveGrants;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Checks, before a component plugin is instantiated, that the engine can and may provide every import: WASI
 * 0.2 interfaces that {@code component-wasi} provides (their files, clocks, random and environment come from
 * the grants), and {@code plinth.wit}'s host services, each only when the manifest asked for it and the policy
 * granted it, as for the Extism plugins' {@code plinth:host/*} imports: {@code logger} always, {@code kv-store}
 * with {@code kv}, {@code events} with {@code events.emit}, {@code data-dir} with {@code data-dir},
 * {@code http-client} with {@code net}. An import of a service not granted is {@code permission-denied} naming
 * it; anything else is {@code invalid-module} naming every such import. The host services are compared by type
 * too, with the engine's {@code plinth.wit} ({@link PlinthServiceTypes}), from the component's type read from its
 * binary: a service imported with another signature is {@code invalid-module} naming the first difference.
 */
public final class ComponentImportCheck {
    private ComponentImportCheck() {
    }

    /** Whether any of the component's imports is a WASI interface. */
    public static boolean importsWasi(Component component) {
        return component.importNames().stream().anyMatch(name -> name.startsWith("wasi:"));
    }

    /**
     * @throws InvalidModuleException naming the imports the engine does not provide
     * @throws PermissionDeniedException naming the first service imported but not granted, and what grants it
     */
    public static void check(Component component, PluginManifest manifest, EffectiveGrants grants, String label) {
        check(component, manifest, grants, label, iface -> false);
    }

    /**
     * The same, where {@code application} tells the interfaces the application offers (checked against the
     * grants where they are resolved), which are not unknown.
     */
    public static void check(Component component, PluginManifest manifest, EffectiveGrants grants, String label,
            Predicate<String> application) {
        List<String> unknown = new ArrayList<>(WasiComponents.unsupported(component));
        for (String name : component.importNames()) {
            if (name.startsWith("wasi:") || application.test(name)) {
                continue;
            }
            String service = PlinthInterfaces.service(name);
            if (service == null) {
                if (!unknown.contains(name)) {
                    unknown.add(name);
                }
                continue;
            }
            String refusal = refusal(service, manifest, grants);
            if (refusal != null) {
                throw new PermissionDeniedException(label + " imports " + name + ", but " + refusal);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidModuleException(label + " imports what this host does not provide: "
                    + TextCap.chars(String.join(", ", unknown), 1024) + "; a component plugin may import WASI 0.2.x "
                    + WasiComponents.SUPPORTED + " and plinth:plugin@0.1.x's " + PlinthInterfaces.SERVICES);
        }
        // read from the binary (through nested components), so before anything of the component runs
        Optional<String> difference = PlinthServiceTypes.firstDifference(component.type());
        if (difference.isPresent()) {
            throw new InvalidModuleException(label + " imports a host service with another type than this host"
                    + " provides: " + TextCap.chars(difference.get(), 1024));
        }
    }

    /** Why {@code service} is not granted, or {@code null} when it is. */
    private static String refusal(String service, PluginManifest manifest, EffectiveGrants grants) {
        boolean bare = manifest.bare();
        var asks = manifest.permissions();
        return switch (service) {
            case "kv-store" -> grants.kv().isPresent() ? null : bare || asks.kv().isPresent()
                    ? "the security policy does not grant plugin " + manifest.name() + " a key-value store; grant it"
                            + " in the policy (kv = { max-keys = 1000 })"
                    : "its manifest does not ask for a key-value store; add it to [permissions]"
                            + " (kv = { max-keys = 1000, max-value-size = \"64KB\" })";
            case "events" -> grants.events().map(g -> !g.emit().isEmpty()).orElse(false) ? null
                    : bare || asks.events().map(e -> !e.emit().isEmpty()).orElse(false)
                            ? "the security policy grants plugin " + manifest.name() + " no event type to emit; grant"
                                    + " them in the policy (events = { emit = [\"note.*\"] })"
                            : "its manifest asks to emit no events; add them to [permissions]"
                                    + " (events = { emit = [\"note.*\"] })";
            case "data-dir" -> grants.dataDir().isPresent() ? null : bare || asks.dataDir().isPresent()
                    ? "the security policy does not grant plugin " + manifest.name() + " a data directory; grant it"
                            + " in the policy (data-dir = { max-size = \"10MB\" })"
                    : "its manifest does not ask for a data directory; add it to [permissions]"
                            + " (data-dir = { max-size = \"10MB\" })";
            case "http-client" -> !grants.net().isEmpty() ? null : bare || !asks.net().isEmpty()
                    ? "the security policy grants plugin " + manifest.name() + " no host to reach; grant them in the"
                            + " policy (net = [\"api.example.com:443\"])"
                    : "its manifest asks for no network access; add the hosts to [permissions]"
                            + " (net = [\"api.example.com:443\"])";
            default -> null;
        };
    }
}
