package dev.plinth.spring.endpoint;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.PluginDeployments;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.host.PluginVersion;
import dev.plinth.security.audit.AuditLog;
import dev.plinth.spring.ActivePlugins;
import dev.plinth.spring.endpoint.PluginDescriptors.ActionResult;
import dev.plinth.spring.endpoint.PluginDescriptors.AuditDescriptor;
import dev.plinth.spring.endpoint.PluginDescriptors.CallsDescriptor;
import dev.plinth.spring.endpoint.PluginDescriptors.CanaryDescriptor;
import dev.plinth.spring.endpoint.PluginDescriptors.ErrorDescriptor;
import dev.plinth.spring.endpoint.PluginDescriptors.ExportDescriptor;
import dev.plinth.spring.endpoint.PluginDescriptors.LimitsDescriptor;
import dev.plinth.spring.endpoint.PluginDescriptors.PermissionSet;
import dev.plinth.spring.endpoint.PluginDescriptors.PluginDetail;
import dev.plinth.spring.endpoint.PluginDescriptors.PluginSummary;
import dev.plinth.spring.endpoint.PluginDescriptors.PluginsReport;
import dev.plinth.spring.endpoint.PluginDescriptors.Problem;
import dev.plinth.spring.endpoint.PluginDescriptors.VarsDescriptor;
import dev.plinth.spring.endpoint.PluginDescriptors.VersionDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code plugins} actuator endpoint: every plugin with its state and call figures (its serving
 * version's and its canary's {@link dev.plinth.host.CallStats}), one plugin's versions, exports,
 * permissions and limits, and the operator actions (reload, canary
 * weight, promote, abort, rollback). Expose it with
 * {@code management.endpoints.web.exposure.include=plugins}.
 */
@Endpoint(id = "plugins")
public class PluginsEndpoint {
    /** Audit entries shown per plugin. */
    static final int RECENT_AUDIT = 20;

    private final PluginRegistry registry;
    private final Optional<AuditLog> audit;
    private final Optional<PluginDeployments> deployments;
    private final ActivePlugins activePlugins;
    private final Path pluginsDir;

    /**
     * @param deployments operator actions and history, absent when the registry has none
     * @param activePlugins the loaded versions, whose call statistics the endpoint shows
     * @param pluginsDir the folder plugins are loaded from, for display
     */
    public PluginsEndpoint(PluginRegistry registry, Optional<PluginDeployments> deployments,
            ActivePlugins activePlugins, Path pluginsDir, Optional<AuditLog> audit) {
        this.audit = audit;
        this.registry = registry;
        this.deployments = deployments;
        this.activePlugins = activePlugins;
        this.pluginsDir = pluginsDir;
    }

    @ReadOperation
    public PluginsReport plugins() {
        List<PluginSummary> summaries = byName(registry.list()).values().stream().map(this::summary).toList();
        return new PluginsReport(pluginsDir.toAbsolutePath().normalize().toString(), summaries);
    }

    @ReadOperation
    public WebEndpointResponse<Object> plugin(@Selector String name) {
        List<VersionInfo> entries = entriesOf(name);
        if (entries.isEmpty()) {
            return problem(WebEndpointResponse.STATUS_NOT_FOUND, "not-found", "Not Found",
                    "no plugin named \"" + name + "\"");
        }
        return new WebEndpointResponse<>(detail(name, entries));
    }

    /**
     * One part of a plugin: {@code lifecycle} is its {@link LifecycleDescriptor}, which calls the
     * serving version's {@code plinth_status} now.
     */
    @ReadOperation
    public WebEndpointResponse<Object> part(@Selector String name, @Selector String part) {
        if (!"lifecycle".equals(part)) {
            return problem(WebEndpointResponse.STATUS_NOT_FOUND, "not-found", "Not Found",
                    "no part \"" + part + "\" of a plugin; there is \"lifecycle\"");
        }
        if (entriesOf(name).isEmpty()) {
            return problem(WebEndpointResponse.STATUS_NOT_FOUND, "not-found", "Not Found",
                    "no plugin named \"" + name + "\"");
        }
        return new WebEndpointResponse<>(LifecycleDescriptor.of(activePlugins.active(name),
                deployments.flatMap(d -> d.retries().stream().filter(r -> r.plugin().equals(name)).findFirst())));
    }

    /**
     * Runs an operator action; the JSON body is {@code {"action": "...", "weight": N, "version": "..."}},
     * with the weight (0 to 100) for {@code canary} only. {@code canary} without a version sets the
     * running canary's weight; with one ({@code "0.1.0@1a2b3c4d"}, as {@code versionId} shows it)
     * it stages that loaded version (the one kept for rollback) as the canary at that weight.
     */
    @WriteOperation
    public WebEndpointResponse<Object> act(@Selector String name, @Nullable String action, @Nullable Integer weight,
            @Nullable String version) {
        Optional<PluginAction> parsed = Optional.ofNullable(action).flatMap(PluginAction::parse);
        if (parsed.isEmpty()) {
            return problem(WebEndpointResponse.STATUS_BAD_REQUEST, "bad-action", "Bad Request",
                    (action == null ? "missing \"action\"" : "unknown action \"" + action + "\"")
                            + "; expected one of " + PluginAction.choices());
        }
        PluginAction chosen = parsed.get();
        if (chosen.needsWeight() && (weight == null || weight < 0 || weight > 100)) {
            return problem(WebEndpointResponse.STATUS_BAD_REQUEST, "bad-action", "Bad Request",
                    "action \"canary\" needs a \"weight\" from 0 to 100" + (weight == null ? "" : ", not " + weight));
        }
        if (version != null && !chosen.takesVersion()) {
            return problem(WebEndpointResponse.STATUS_BAD_REQUEST, "bad-action", "Bad Request",
                    "action \"" + chosen.wireName() + "\" takes no \"version\"; only \"canary\" does");
        }
        if (deployments.isEmpty()) {
            return problem(501, "not-supported", "Not Implemented",
                    "this application's plugin registry takes no operator actions");
        }
        try {
            chosen.apply(deployments.get(), name, weight, version);
        } catch (PluginNotFoundException e) {
            return problem(WebEndpointResponse.STATUS_NOT_FOUND, e.code().code(), "Not Found", e.getMessage());
        } catch (PluginException e) {
            return problem(409, e.code().code(), "Conflict", e.getMessage());
        } catch (IllegalStateException | IllegalArgumentException e) {
            return problem(409, "conflict", "Conflict", e.getMessage());
        }
        PluginSummary now = entriesOf(name).isEmpty() ? null : summary(entriesOf(name));
        return new WebEndpointResponse<>(new ActionResult(name, chosen.wireName(),
                chosen.needsWeight() ? weight : null, version, now));
    }

    private static WebEndpointResponse<Object> problem(int status, String code, String title, String detail) {
        return new WebEndpointResponse<>(new Problem(Problem.TYPE_BASE + code, title, status, detail), status);
    }

    private List<VersionInfo> entriesOf(String name) {
        return registry.list().stream().filter(i -> i.name().equals(name)).toList();
    }

    private static Map<String, List<VersionInfo>> byName(List<VersionInfo> infos) {
        Map<String, List<VersionInfo>> grouped = new LinkedHashMap<>();
        infos.stream().sorted(Comparator.comparing(VersionInfo::name))
                .forEach(i -> grouped.computeIfAbsent(i.name(), n -> new ArrayList<>()).add(i));
        return grouped;
    }

    /** The entry that stands for the plugin: the active one, else a canary, else the first (a failure). */
    private static VersionInfo principal(List<VersionInfo> entries) {
        return entries.stream().filter(i -> i.status() == PluginStatus.ACTIVE).findFirst()
                .or(() -> entries.stream().filter(VersionInfo::serving).findFirst())
                .orElse(entries.get(0));
    }

    private PluginSummary summary(List<VersionInfo> entries) {
        VersionInfo info = principal(entries);
        return PluginSummary.of(info, canary(info.name()), CallsDescriptor.of(loaded(info)));
    }

    private CanaryDescriptor canary(String name) {
        return CanaryDescriptor.of(deployments.flatMap(d -> d.canary(name)), activePlugins.canaryVersion(name));
    }

    /** The loaded version an entry stands for, whose call statistics the endpoint shows; empty for a failed load. */
    private Optional<PluginVersion> loaded(VersionInfo info) {
        return activePlugins.active(info.name()).filter(p -> sameVersion(p, info))
                .or(() -> activePlugins.canaryVersion(info.name()).filter(p -> sameVersion(p, info)));
    }

    private static boolean sameVersion(PluginVersion plugin, VersionInfo info) {
        return plugin.versionId().equals(info.versionId());
    }

    private PluginDetail detail(String name, List<VersionInfo> entries) {
        VersionInfo info = principal(entries);
        Optional<PluginVersion> serving = activePlugins.active(name);
        List<VersionDescriptor> versions = deployments.map(d -> d.history(name)).filter(h -> !h.isEmpty())
                .map(h -> h.stream().map(VersionDescriptor::of).toList())
                .orElseGet(() -> entries.stream().map(VersionDescriptor::of).toList());
        List<ExportDescriptor> exports = serving
                .map(p -> p.exports().stream()
                        .map(e -> ExportDescriptor.of(e, Optional.ofNullable(p.manifest().exports().get(e)),
                                witType(p, e))).toList())
                .orElseGet(() -> info.exports().stream().map(e -> ExportDescriptor.of(e, Optional.empty(), null))
                        .toList());
        return new PluginDetail(name, info.version(), info.versionId().toString(), info.status().text(),
                serving.map(PluginVersion::kind).orElse(null),
                serving.flatMap(PluginVersion::world).orElse(null),
                serving.flatMap(PluginVersion::interfaceHash).orElse(null),
                serving.map(p -> p.manifest().description()).orElse(""), info.source().toString(), info.sha256(),
                info.digest(),
                info.loadedAt().toString(), canary(name), versions, exports,
                serving.map(p -> PermissionSet.of(p.manifest().permissions())).orElse(null),
                serving.map(PluginDescriptors::grants).orElse(null),
                serving.map(LimitsDescriptor::of).orElse(null),
                serving.flatMap(PluginVersion::interpreter).orElse(null),
                serving.map(p -> VarsDescriptor.of(p.vars())).orElse(null),
                CallsDescriptor.of(loaded(info)), ErrorDescriptor.of(info.lastError()),
                audit.map(log -> log.recent(name, RECENT_AUDIT).stream().map(AuditDescriptor::of).toList())
                        .orElse(List.of()));
    }

    /** The WIT type of a component's export, or null for a core module's. */
    private static String witType(PluginVersion version, String export) {
        return version.component().map(calls -> calls.functions().get(export)).map(type -> type.wit()).orElse(null);
    }
}
