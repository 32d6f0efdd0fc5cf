package dev.plinth.spring.dashboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code plinth.dashboard.*}: the web dashboard at {@code /plinth}. Off unless enabled; read-only
 * unless its actions are enabled too.
 */
@ConfigurationProperties("plinth.dashboard")
public class DashboardProperties {

    /** Whether the dashboard is served at {@code /plinth} (a servlet web application with the actuator on the class path). */
    private boolean enabled = false;

    /**
     * Whether the dashboard may change the registry: set a canary's weight, promote, abort, roll
     * back, reload. When false the controls are not shown and {@code POST /plinth/api/**} answers 403.
     */
    private boolean actionsEnabled = false;

    /** How often each plugin's call statistics are sampled for the charts and pushed to open pages. */
    private Duration sampleInterval = Duration.ofSeconds(2);

    /** How many samples are kept per plugin (at the default interval, 180 are six minutes). */
    private int samples = 180;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isActionsEnabled() {
        return actionsEnabled;
    }

    public void setActionsEnabled(boolean actionsEnabled) {
        this.actionsEnabled = actionsEnabled;
    }

    public Duration getSampleInterval() {
        return sampleInterval;
    }

    public void setSampleInterval(Duration sampleInterval) {
        if (sampleInterval.isNegative() || sampleInterval.isZero()) {
            throw new IllegalArgumentException("plinth.dashboard.sample-interval must be positive, not " + sampleInterval);
        }
        this.sampleInterval = sampleInterval;
    }

    public int getSamples() {
        return samples;
    }

    public void setSamples(int samples) {
        if (samples < 2) {
            throw new IllegalArgumentException("plinth.dashboard.samples must be at least 2, not " + samples);
        }
        this.samples = samples;
    }
}
