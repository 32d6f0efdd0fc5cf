package dev.plinth.spring.lifecycle;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Graceful shutdown of the plugins. When the context closes, after the web server has stopped
 * taking and finished its requests (this phase stops later than both of Spring Boot's web-server
 * phases), it refuses new calls with a busy error, waits for the calls in flight, then closes the
 * registry: the file watcher stops and the instance pools close. The wait is bounded by
 * {@code spring.lifecycle.timeout-per-shutdown-phase}, the same bound Spring puts on the phase.
 */
public final class PluginRegistryLifecycle implements SmartLifecycle {
    /**
     * Lower than Spring Boot's web server phases ({@code DEFAULT_PHASE - 1024} for graceful
     * shutdown, {@code DEFAULT_PHASE - 2048} for start and stop), so plugins stop after the server.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistryLifecycle.class);

    private final GatedPluginRegistry registry;
    private final Duration drainTimeout;
    private volatile boolean running;

    /**
     * @param registry the registry to drain and close
     * @param drainTimeout how long to wait for calls in flight before closing anyway
     */
    public PluginRegistryLifecycle(GatedPluginRegistry registry, Duration drainTimeout) {
        this.registry = registry;
        this.drainTimeout = drainTimeout;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        drainAndClose();
    }

    @Override
    public void stop(Runnable callback) {
        registry.stopAccepting();
        Thread drainer = new Thread(() -> {
            try {
                drainAndClose();
            } finally {
                callback.run();
            }
        }, "plinth-shutdown");
        drainer.setDaemon(true);
        drainer.start();
    }

    private void drainAndClose() {
        registry.stopAccepting();
        int waitingFor = registry.callsInFlight();
        try {
            if (waitingFor > 0) {
                LOG.info("Plinth: refusing new plugin calls; waiting up to {} for {} in flight", drainTimeout,
                        waitingFor);
            }
            if (!registry.awaitIdle(drainTimeout)) {
                LOG.warn("Plinth: {} plugin calls still running after {}; closing the plugins anyway (they finish"
                        + " on their own instances)", registry.callsInFlight(), drainTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            registry.close();
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** A pause (as opposed to a close) leaves the plugins serving: a closed registry cannot be reopened. */
    @Override
    public boolean isPauseable() {
        return false;
    }
}
