package dev.plinth.spring.dashboard;

import dev.plinth.security.audit.AuditLog;
import dev.plinth.spring.endpoint.PluginDescriptors.PluginSummary;
import dev.plinth.spring.endpoint.PluginDescriptors.PluginsReport;
import dev.plinth.spring.endpoint.PluginsEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Samples every plugin's call statistics (through the actuator's plugin list, which reads each
 * version's {@link dev.plinth.host.CallStats}) at a fixed interval into the {@link CallHistory},
 * and pushes each sample to the open dashboard pages. Runs on one daemon thread while the
 * application runs.
 */
final class DashboardSampler implements SmartLifecycle {
    /** Audit entries the page shows. */
    static final int RECENT_AUDIT = 50;

    private static final Logger LOG = LoggerFactory.getLogger(DashboardSampler.class);

    private final PluginsEndpoint plugins;
    private final Optional<AuditLog> audit;
    private final CallHistory history;
    private final DashboardEvents events;
    private final boolean actionsEnabled;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    DashboardSampler(PluginsEndpoint plugins, Optional<AuditLog> audit, CallHistory history, DashboardEvents events,
            boolean actionsEnabled, Duration interval) {
        this.plugins = plugins;
        this.audit = audit;
        this.history = history;
        this.events = events;
        this.actionsEnabled = actionsEnabled;
        this.interval = interval;
    }

    /** Takes a sample now, keeps it and sends it to the open pages; returns it (newest samples only). */
    DashboardState sample() {
        String at = Instant.now().toString();
        PluginsReport report = plugins.plugins();
        Map<String, CallSample> latest = new LinkedHashMap<>();
        Map<String, List<CallSample>> newest = new LinkedHashMap<>();
        for (PluginSummary summary : report.plugins()) {
            CallSample sample = CallSample.of(at, summary);
            latest.put(summary.name(), sample);
            newest.put(summary.name(), List.of(sample));
        }
        history.record(latest);
        DashboardState tick = new DashboardState(at, actionsEnabled, report.pluginsDir(), report.plugins(), newest,
                recentAudit());
        events.publish(tick);
        return tick;
    }

    /** The endpoint whose plugin list it samples, which also runs the dashboard's actions. */
    PluginsEndpoint plugins() {
        return plugins;
    }

    /** The state with every kept sample, for a page that has just loaded. */
    DashboardState current() {
        PluginsReport report = plugins.plugins();
        return new DashboardState(Instant.now().toString(), actionsEnabled, report.pluginsDir(), report.plugins(),
                history.all(), recentAudit());
    }

    private List<AuditLine> recentAudit() {
        return audit.map(log -> log.recent(RECENT_AUDIT).stream().map(AuditLine::of).toList())
                .orElse(List.of());
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            LOG.warn("plinth dashboard: sampling the plugins' call statistics failed; trying again in {}", interval, e);
        }
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "plinth-dashboard-sampler");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleAtFixedRate(this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        scheduler = null;
        events.completeAll();
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
