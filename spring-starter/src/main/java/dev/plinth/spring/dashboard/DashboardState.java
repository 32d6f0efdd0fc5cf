package dev.plinth.spring.dashboard;

import dev.plinth.spring.endpoint.PluginDescriptors.PluginSummary;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard page shows at one moment: the actuator's plugin list, the sampled call
 * figures per plugin (all kept samples when the page loads, only the newest in each live update)
 * and the latest audit entries, oldest first.
 *
 * @param at when it was taken, ISO-8601
 * @param actionsEnabled whether the page may offer its controls ({@code plinth.dashboard.actions-enabled})
 */
public record DashboardState(String at, boolean actionsEnabled, String pluginsDir, List<PluginSummary> plugins,
        Map<String, List<CallSample>> samples, List<AuditLine> audit) {
}
