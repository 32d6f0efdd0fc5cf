package dev.plinth.reload;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.CanaryState;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.reload.internal.VersionFigures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One plugin's versions and every change between them: install a new version (at once or as a
 * canary), change the canary's weight, promote, abort, roll back, unload.
 *
 * <p>Calls read {@link #routing()} without locking: it is one immutable {@link Routing} in a
 * volatile field. Every change runs under this object's lock and follows one order: build the new
 * routing, publish it, then retire the versions it left out (their leases close them after their
 * last call). A version kept for rollback stays loaded but out of routing. Events are added to the
 * caller's {@link EventBatch}, to be published once the lock is released.
 */
final class PluginSlot {
    private final String name;
    private final VersionHistory history;
    private volatile Routing routing = Routing.NONE;
    private RoutedVersion previous;
    private Path source;
    private boolean removed;

    PluginSlot(String name, int historySize) {
        this.name = name;
        this.history = new VersionHistory(historySize);
    }

    String name() {
        return name;
    }

    /** The versions taking calls now; read once per call. */
    Routing routing() {
        return routing;
    }

    synchronized Path source() {
        return source;
    }

    synchronized boolean serving() {
        return routing.active() != null;
    }

    /** The plugin's files moved to {@code to} without changing; it keeps serving the same version. */
    synchronized void moveSource(Path to) {
        this.source = to;
    }

    /**
     * Whether files with {@code digest} are what serves already. Files back to the active version's
     * while a canary runs withdraw the canary.
     */
    synchronized boolean alreadyServes(String digest, EventBatch events) {
        Routing now = routing;
        if (now.canary() != null && now.canary().sourceDigest().equals(digest)) {
            return true;
        }
        if (now.active() == null || !now.active().sourceDigest().equals(digest)) {
            return false;
        }
        if (now.canary() != null) {
            withdrawCanary(PluginStatus.DEPRECATED, PluginEventType.ABORTED,
                    "canary withdrawn: the files are back to the active version " + now.active().version(), events);
        }
        return true;
    }

    /** Records a version that could not be loaded; whatever serves keeps serving. */
    synchronized void failed(HistoryLine entry, Path from) {
        history.add(entry);
        if (routing.active() == null) {
            source = from;
        }
    }

    /** Brings a freshly loaded version in, as its policy says (at once when nothing serves yet). */
    synchronized VersionInfo install(RoutedVersion candidate, EventBatch events) {
        requireNotRemoved();
        history.add(candidate.entry());
        source = candidate.source();
        Map<String, Number> figures = Map.of("loadMillis", candidate.loadMillis());
        if (routing.active() == null || candidate.policy().mode() == CanaryPolicy.Mode.IMMEDIATE) {
            activate(candidate, events, "serving all calls", figures);
            return info(candidate, PluginStatus.ACTIVE);
        }
        if (routing.canary() != null) {
            withdrawCanary(PluginStatus.DEPRECATED, PluginEventType.ABORTED,
                    "canary superseded by version " + candidate.version(), events);
        }
        int weight = candidate.policy().initialWeight();
        routing = routing.withCanary(candidate, weight);
        candidate.entry().status(canaryStatus(weight), weight);
        Map<String, Number> started = new LinkedHashMap<>(figures);
        started.put("weight", weight);
        events.add(PluginEventType.CANARY_STARTED, name, candidate.version(), "canary takes " + weight
                + "% of calls next to version " + routing.active().version(), started);
        return info(candidate, canaryStatus(weight));
    }

    synchronized CanaryState setCanaryWeight(int weight, EventBatch events) {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight must be 0-100, was " + weight);
        }
        RoutedVersion canary = requireCanary();
        int before = routing.weight();
        routing = routing.withCanary(canary, weight);
        canary.entry().status(canaryStatus(weight), weight);
        Map<String, Number> figures = new LinkedHashMap<>(canary.figures().asEventFigures());
        figures.put("weight", weight);
        figures.put("previousWeight", before);
        events.add(PluginEventType.WEIGHT_CHANGED, name, canary.version(),
                "canary weight " + before + "% -> " + weight + "%", figures);
        return canaryState().orElseThrow();
    }

    /** Makes the canary the active version. */
    synchronized void promote(EventBatch events, String why) {
        RoutedVersion canary = requireCanary();
        activate(canary, events, why, canary.figures().asEventFigures());
    }

    /** Promotes {@code canary} if it is still the canary (a judge on another thread may have been first). */
    synchronized void autoPromote(RoutedVersion canary, VersionFigures figures, EventBatch events) {
        if (routing.canary() == canary) {
            activate(canary, events, "promoted automatically after " + figures.describe(), figures.asEventFigures());
        }
    }

    /** Withdraws the canary by request; it is not marked failed. */
    synchronized void abort(EventBatch events) {
        requireCanary();
        withdrawCanary(PluginStatus.DEPRECATED, PluginEventType.ABORTED, "canary aborted by request", events);
    }

    /**
     * Rolls {@code canary} back if it is still the canary: it is marked failed with the figures as
     * the reason, and the active version takes every call again.
     */
    synchronized void rollBackCanary(RoutedVersion canary, CanaryJudge.Verdict verdict, EventBatch events) {
        if (routing.canary() != canary) {
            return;
        }
        canary.entry().fail(events.error(verdict.code(), "canary rolled back: " + verdict.reason()));
        routing = routing.withoutCanary();
        canary.retire();
        Map<String, Number> figures = new LinkedHashMap<>(verdict.figures().asEventFigures());
        figures.put("maxFailureRate", canary.policy().maxFailureRate());
        canary.policy().maxLatency().ifPresent(max -> figures.put("maxLatencyMillis", max.toNanos() / 1e6));
        figures.put("minCalls", canary.policy().minCalls());
        events.add(PluginEventType.ROLLED_BACK, name, canary.version(), "canary rolled back automatically: "
                + verdict.reason() + "; version " + routing.active().version() + " takes every call", figures);
    }

    /**
     * Goes back to the previous good version: withdraws a running canary, or else puts the version
     * kept from before the last swap back in place of the active one.
     */
    synchronized void rollback(EventBatch events) {
        Routing now = routing;
        if (now.canary() != null) {
            RoutedVersion canary = now.canary();
            VersionFigures figures = canary.figures();
            canary.entry().fail(events.error(ErrorCode.PLUGIN_ERROR, "canary rolled back by request after "
                    + figures.describe()));
            routing = now.withoutCanary();
            canary.retire();
            events.add(PluginEventType.ROLLED_BACK, name, canary.version(), "canary rolled back by request; version "
                    + now.active().version() + " takes every call", figures.asEventFigures());
            return;
        }
        if (previous == null) {
            throw new IllegalStateException("plugin " + name + " has no previous version loaded to roll back to"
                    + (now.active() == null ? "" : " (version " + now.active().version() + " serves)"));
        }
        RoutedVersion current = now.active();
        RoutedVersion back = previous;
        previous = null;
        routing = Routing.of(back);
        back.entry().status(PluginStatus.ACTIVE, 100);
        VersionFigures figures = current.figures();
        current.entry().fail(events.error(ErrorCode.PLUGIN_ERROR, "rolled back by request after " + figures.describe()
                + "; version " + back.version() + " serves again"));
        current.retire();
        events.add(PluginEventType.ROLLED_BACK, name, current.version(), "rolled back by request; version "
                + back.version() + " serves again", figures.asEventFigures());
    }

    /** Stops serving: every version leaves routing and closes after its last call. */
    synchronized void unload(String why, EventBatch events) {
        if (removed) {
            return;
        }
        removed = true;
        Routing before = routing;
        routing = Routing.NONE;
        for (RoutedVersion loaded : loaded(before)) {
            loaded.entry().status(PluginStatus.DEPRECATED, 0);
            loaded.retire();
        }
        previous = null;
        if (before.active() != null) {
            events.add(PluginEventType.UNLOADED, name, before.active().version(), why,
                    Map.of("inFlight", before.active().lease().inFlight()));
        }
    }

    synchronized List<VersionInfo> history() {
        return history.infos();
    }

    synchronized Optional<CanaryState> canaryState() {
        Routing now = routing;
        if (now.canary() == null) {
            return Optional.empty();
        }
        return Optional.of(new CanaryState(name, now.active().version(), now.canary().version(), now.weight()));
    }

    /** The registry's entries: the active version, the canary, and the newest version if it failed. */
    synchronized List<VersionInfo> infos() {
        List<VersionInfo> infos = new ArrayList<>();
        Routing now = routing;
        if (now.active() != null) {
            infos.add(info(now.active(), PluginStatus.ACTIVE));
        }
        if (now.canary() != null) {
            infos.add(info(now.canary(), canaryStatus(now.weight())));
        }
        history.newest().filter(e -> e.status() == PluginStatus.FAILED).ifPresent(e -> infos.add(e.info()));
        return infos;
    }

    /** Why a call finds nothing serving. */
    synchronized PluginNotFoundException notServing() {
        Optional<HistoryLine> newest = history.newest();
        if (!removed && newest.isPresent() && newest.get().error().isPresent()) {
            var error = newest.get().error().get();
            return new PluginNotFoundException("plugin " + name + " is not serving: it failed to load ["
                    + error.code() + "] " + error.message());
        }
        return new PluginNotFoundException("plugin " + name + " is not serving: it was unloaded");
    }

    private void activate(RoutedVersion next, EventBatch events, String why, Map<String, Number> figures) {
        Routing before = routing;
        routing = Routing.of(next);
        next.entry().status(PluginStatus.ACTIVE, 100);
        if (before.canary() != null && before.canary() != next) {
            before.canary().entry().status(PluginStatus.DEPRECATED, 0);
            before.canary().retire();
            events.add(PluginEventType.ABORTED, name, before.canary().version(),
                    "canary superseded by version " + next.version(), before.canary().figures().asEventFigures());
        }
        if (before.active() != null) {
            before.active().entry().status(PluginStatus.DEPRECATED, 0);
            if (previous != null) {
                previous.retire();
            }
            previous = before.active();
        }
        String replaced = before.active() == null ? "" : "; version " + before.active().version()
                + " finishes its calls and stays loaded for a rollback";
        events.add(PluginEventType.PROMOTED, name, next.version(), why + replaced, figures);
    }

    private void withdrawCanary(PluginStatus status, PluginEventType type, String why, EventBatch events) {
        RoutedVersion canary = routing.canary();
        routing = routing.withoutCanary();
        canary.entry().status(status, 0);
        canary.retire();
        events.add(type, name, canary.version(), why, canary.figures().asEventFigures());
    }

    private RoutedVersion requireCanary() {
        requireNotRemoved();
        RoutedVersion canary = routing.canary();
        if (canary == null) {
            throw new IllegalStateException("plugin " + name + " has no canary");
        }
        return canary;
    }

    private void requireNotRemoved() {
        if (removed) {
            throw new PluginNotFoundException("plugin " + name + " was unloaded");
        }
    }

    private List<RoutedVersion> loaded(Routing of) {
        List<RoutedVersion> all = new ArrayList<>();
        if (of.active() != null) {
            all.add(of.active());
        }
        if (of.canary() != null) {
            all.add(of.canary());
        }
        if (previous != null) {
            all.add(previous);
        }
        return all;
    }

    private VersionInfo info(RoutedVersion deployment, PluginStatus status) {
        VersionInfo info = deployment.plugin().info(status);
        Path listedSource = source == null ? info.source() : source;
        return new VersionInfo(info.name(), info.version(), info.status(), info.sha256(), info.signature(),
                info.exports(), listedSource, info.loadedAt(), deployment.entry().weight(), info.lastError());
    }

    private static PluginStatus canaryStatus(int weight) {
        return weight == 0 ? PluginStatus.STAGED : PluginStatus.CANARY;
    }
}
