package dev.plinth.reload;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.CanaryState;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.reload.internal.VersionFigures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One plugin's versions and every change between them: install a new version (at once or as a
 * canary), change the canary's weight, stage the version kept for rollback as the canary again,
 * promote, abort, roll back, unload.
 *
 * <p>Calls read {@link #routing()} without locking: it is one immutable {@link Routing} in a
 * volatile field. Every change runs under this object's lock and follows one order: build the new
 * routing, publish it ({@link #route}, which also gives the versions in it their status and share:
 * the canary its weight, the active version the rest), then retire the versions it left out (their
 * leases close them after their last call). A version kept for rollback stays loaded but out of
 * routing. Events name versions by their {@link dev.plinth.api.VersionId} and are added to the
 * caller's {@link EventBatch}, to be published once the lock is released.
 */
final class PluginSlot {
    private final String name;
    private final VersionHistory history;
    private volatile Routing routing = Routing.NONE;
    /** The version replaced last, loaded and out of routing, for a rollback; null when there is none. */
    private RoutedVersion previous;
    /** The canary is the version kept for rollback, staged again: withdrawn by request, it is kept again. */
    private boolean canaryWasPrevious;
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
        if (now.canary() != null && now.canary().digest().equals(digest)) {
            return true;
        }
        if (now.active() == null || !now.active().digest().equals(digest)) {
            return false;
        }
        if (now.canary() != null) {
            withdrawCanary(PluginStatus.DEPRECATED, PluginEventType.ABORTED,
                    "canary withdrawn: the files are back to the active version " + now.active().id(), events);
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
                    "canary superseded by version " + candidate.id(), events);
        }
        int weight = candidate.policy().initialWeight();
        route(routing.withCanary(candidate, weight));
        Map<String, Number> started = new LinkedHashMap<>(figures);
        started.put("weight", weight);
        events.add(PluginEventType.CANARY_STARTED, name, candidate.id(), "canary takes " + weight
                + "% of calls next to version " + routing.active().id(), started);
        return info(candidate, canaryStatus(weight));
    }

    synchronized CanaryState setCanaryWeight(int weight, EventBatch events) {
        requireWeight(weight);
        RoutedVersion canary = requireCanary();
        int before = routing.weight();
        route(routing.withCanary(canary, weight));
        Map<String, Number> figures = new LinkedHashMap<>(canary.figures().asEventFigures());
        figures.put("weight", weight);
        figures.put("previousWeight", before);
        events.add(PluginEventType.WEIGHT_CHANGED, name, canary.id(),
                "canary weight " + before + "% -> " + weight + "%; version " + routing.active().id() + " takes "
                        + (100 - weight) + "%", figures);
        return canaryState().orElseThrow();
    }

    /**
     * Makes the loaded version that {@code version} names the canary at {@code weight}: the version
     * kept for rollback (a gradual way back), or the canary (then only its weight changes).
     *
     * @param version a {@link dev.plinth.api.VersionId} as written ({@code 0.1.0@1a2b3c4d}), or the version
     *     string when only one loaded version has it
     */
    synchronized CanaryState stageCanary(String version, int weight, EventBatch events) {
        requireNotRemoved();
        requireWeight(weight);
        RoutedVersion chosen = loadedVersion(version);
        Routing now = routing;
        if (chosen == now.canary()) {
            return setCanaryWeight(weight, events);
        }
        if (chosen == now.active()) {
            throw new IllegalStateException("version " + chosen.id() + " is the active version of plugin " + name
                    + "; only another loaded version can be its canary");
        }
        if (now.canary() != null) {
            withdrawCanary(PluginStatus.DEPRECATED, PluginEventType.ABORTED, "canary superseded by version "
                    + chosen.id() + ", staged again by request", events);
        }
        previous = null;
        route(routing.withCanary(chosen, weight));
        canaryWasPrevious = true;
        Map<String, Number> figures = new LinkedHashMap<>(chosen.figures().asEventFigures());
        figures.put("weight", weight);
        events.add(PluginEventType.CANARY_STARTED, name, chosen.id(), "the version kept for rollback, staged again"
                + " by request: canary takes " + weight + "% of calls next to version " + routing.active().id(),
                figures);
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
     * Rolls {@code canary} back for misbehaving if it is still the canary: it is marked failed with
     * the figures as the reason, and the active version takes every call again.
     */
    synchronized void rollBackCanary(RoutedVersion canary, CanaryJudge.Verdict verdict, EventBatch events) {
        if (routing.canary() != canary) {
            return;
        }
        canary.entry().fail(events.error(verdict.code(), "canary rolled back: " + verdict.reason()));
        route(routing.withoutCanary());
        canaryWasPrevious = false;
        canary.retire();
        Map<String, Number> figures = new LinkedHashMap<>(verdict.figures().asEventFigures());
        figures.put("maxFailureRate", canary.policy().maxFailureRate());
        canary.policy().maxLatency().ifPresent(max -> figures.put("maxLatencyMillis", max.toNanos() / 1e6));
        figures.put("minCalls", canary.policy().minCalls());
        events.add(PluginEventType.ROLLED_BACK, name, canary.id(), "canary rolled back automatically: "
                + verdict.reason() + "; version " + routing.active().id() + " takes every call", figures);
    }

    /**
     * Goes back to the previous good version by request: withdraws a running canary, or else puts
     * the version kept from before the last swap back in place of the active one. The version taken
     * out is {@link PluginStatus#ROLLED_BACK}, not failed: nothing is known against it.
     */
    synchronized void rollback(EventBatch events) {
        requireNotRemoved();
        Routing now = routing;
        if (now.canary() != null) {
            withdrawCanary(PluginStatus.ROLLED_BACK, PluginEventType.ROLLED_BACK, "canary rolled back by request after "
                    + now.canary().figures().describe() + "; version " + now.active().id() + " takes every call",
                    events);
            return;
        }
        if (previous == null) {
            throw new IllegalStateException("plugin " + name + " has no previous version loaded to roll back to"
                    + (now.active() == null ? "" : " (version " + now.active().id() + " serves)"));
        }
        RoutedVersion current = now.active();
        RoutedVersion back = previous;
        previous = null;
        route(Routing.of(back));
        VersionFigures figures = current.figures();
        current.entry().status(PluginStatus.ROLLED_BACK, 0);
        current.retire();
        events.add(PluginEventType.ROLLED_BACK, name, current.id(), "rolled back by request after "
                + figures.describe() + "; version " + back.id() + " serves again", figures.asEventFigures());
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
        canaryWasPrevious = false;
        if (before.active() != null) {
            events.add(PluginEventType.UNLOADED, name, before.active().id(), why,
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
        return Optional.of(new CanaryState(name, now.active().id(), now.canary().id(), now.weight()));
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

    /**
     * Publishes {@code next} and gives the versions in it their status and share of calls: the
     * canary its weight ({@link PluginStatus#STAGED} at 0), the active version the rest, so that
     * the shares shown add up to 100.
     */
    private void route(Routing next) {
        routing = next;
        if (next.canary() != null) {
            next.canary().entry().status(canaryStatus(next.weight()), next.weight());
        }
        if (next.active() != null) {
            next.active().entry().status(PluginStatus.ACTIVE, next.canary() == null ? 100 : 100 - next.weight());
        }
    }

    private void activate(RoutedVersion next, EventBatch events, String why, Map<String, Number> figures) {
        Routing before = routing;
        route(Routing.of(next));
        canaryWasPrevious = false;
        if (before.canary() != null && before.canary() != next) {
            before.canary().entry().status(PluginStatus.DEPRECATED, 0);
            before.canary().retire();
            events.add(PluginEventType.ABORTED, name, before.canary().id(),
                    "canary superseded by version " + next.id(), before.canary().figures().asEventFigures());
        }
        if (before.active() != null) {
            before.active().entry().status(PluginStatus.DEPRECATED, 0);
            if (previous != null) {
                previous.retire();
            }
            previous = before.active();
        }
        String replaced = before.active() == null ? "" : "; version " + before.active().id()
                + " finishes its calls and stays loaded for a rollback";
        events.add(PluginEventType.PROMOTED, name, next.id(), why + replaced, figures);
    }

    /**
     * Takes the canary out of routing, as {@code status}. A canary that was the version kept for
     * rollback, staged again, is kept for rollback again (deprecated, loaded); any other is retired.
     */
    private void withdrawCanary(PluginStatus status, PluginEventType type, String why, EventBatch events) {
        RoutedVersion canary = routing.canary();
        route(routing.withoutCanary());
        String outcome = "";
        if (canaryWasPrevious && previous == null) {
            canary.entry().status(PluginStatus.DEPRECATED, 0);
            previous = canary;
            outcome = "; it stays loaded for a rollback, as before it was staged";
        } else {
            canary.entry().status(status, 0);
            canary.retire();
        }
        canaryWasPrevious = false;
        events.add(type, name, canary.id(), why + outcome, canary.figures().asEventFigures());
    }

    /** The one loaded version (active, canary, kept for rollback) that {@code text} names. */
    private RoutedVersion loadedVersion(String text) {
        List<RoutedVersion> loaded = loaded(routing);
        List<RoutedVersion> named = loaded.stream().filter(v -> v.id().matches(text)).toList();
        if (named.size() == 1) {
            return named.get(0);
        }
        String ids = loaded.stream().map(v -> v.id().toString()).collect(Collectors.joining(", "));
        if (named.size() > 1) {
            throw new IllegalArgumentException("\"" + text + "\" names " + named.size() + " loaded versions of plugin "
                    + name + " (" + named.stream().map(v -> v.id().toString()).collect(Collectors.joining(", "))
                    + "); name one as version@digest");
        }
        Optional<HistoryLine> gone = history.lines().stream().filter(line -> line.id().matches(text)).findFirst();
        if (gone.isPresent()) {
            throw new IllegalStateException("version " + gone.get().id() + " of plugin " + name + " is "
                    + gone.get().status().text() + " and no longer loaded; loaded: " + ids);
        }
        throw new PluginNotFoundException("plugin " + name + " has no version " + text + "; loaded: " + ids);
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

    private static void requireWeight(int weight) {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight must be 0-100, was " + weight);
        }
    }

    /** The versions loaded now: the active one, the canary, the one kept for rollback. */
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
        return new VersionInfo(info.name(), info.version(), info.status(), info.sha256(), info.digest(),
                info.signature(), info.exports(), listedSource, info.loadedAt(), deployment.entry().weight(),
                info.lastError());
    }

    private static PluginStatus canaryStatus(int weight) {
        return weight == 0 ? PluginStatus.STAGED : PluginStatus.CANARY;
    }
}
