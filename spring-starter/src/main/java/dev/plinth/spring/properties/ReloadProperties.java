package dev.plinth.spring.properties;

import java.time.Duration;

/**
 * {@code plinth.reload.*}: watching the plugins folder. With it on, a plugin copied into the folder
 * becomes callable, and a changed one becomes a new version, while the application runs.
 */
public class ReloadProperties {

    /** Whether to watch the plugins folder; off, plugins are loaded once at startup (and on request). */
    private boolean enabled = true;

    /** How long a changed file must stay unchanged (size and modification time) before it is loaded. */
    private Duration debounce = Duration.ofMillis(200);

    /**
     * How often the folder is also scanned in full, for changes the file-system watcher misses
     * (network and container mounts).
     */
    private Duration rescanInterval = Duration.ofSeconds(2);

    /** How many versions of each plugin the history keeps. */
    private int historySize = 10;

    /** Retries of versions that failed for a reason that can pass. */
    private final RetryProperties retry = new RetryProperties();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getDebounce() {
        return debounce;
    }

    public void setDebounce(Duration debounce) {
        this.debounce = debounce;
    }

    public Duration getRescanInterval() {
        return rescanInterval;
    }

    public void setRescanInterval(Duration rescanInterval) {
        this.rescanInterval = rescanInterval;
    }

    public int getHistorySize() {
        return historySize;
    }

    public void setHistorySize(int historySize) {
        this.historySize = historySize;
    }

    public RetryProperties getRetry() {
        return retry;
    }
}
