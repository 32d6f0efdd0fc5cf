package dev.plinth.reload;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.host.CallStats;

/**
 * Carries out one call: picks a version once from the plugin's routing, holds that version's lease
 * for the length of the call (so it cannot close under the call), and lets the {@link CanaryJudge}
 * look at a canary after each of its calls. The version counts its own calls. No locks on
 * the way, except when the judge decides to roll back or promote.
 */
final class CallDispatcher {
    /** A pick fails only when the version was retired between reading routing and entering it; that settles at once. */
    private static final int MAX_PICKS = 1000;

    private final SlotTable slots;
    private final EventHub events;

    CallDispatcher(SlotTable slots, EventHub events) {
        this.slots = slots;
        this.events = events;
    }

    CallResult call(CallRequest request) {
        return dispatch(request.plugin(), request.function(), request.routingKey(),
                version -> version.call(request.function(), request.input()));
    }

    /**
     * Carries out one call of {@code function} by {@code call} on the version routing picks for
     * {@code routingKey}, as {@link #call(CallRequest)} does for byte calls (typed calls of components too).
     */
    <T> T dispatch(String plugin, String function, java.util.Optional<String> routingKey,
            java.util.function.Function<dev.plinth.host.PluginVersion, T> call) {
        PluginSlot slot = slots.require(plugin);
        for (int pick = 0; pick < MAX_PICKS; pick++) {
            Routing routing = slot.routing();
            RoutedVersion chosen = routing.pick(plugin, routingKey);
            if (chosen == null) {
                throw slot.notServing();
            }
            if (!chosen.lease().tryEnter()) {
                Thread.onSpinWait();
                continue;
            }
            try {
                return callOn(slot, routing, chosen, function, call);
            } finally {
                chosen.lease().exit();
            }
        }
        throw new PluginNotFoundException("plugin " + plugin + " kept changing versions; no version took the call");
    }

    private <T> T callOn(PluginSlot slot, Routing routing, RoutedVersion chosen, String function,
            java.util.function.Function<dev.plinth.host.PluginVersion, T> call) {
        try {
            return call.apply(chosen.plugin());
        } catch (PluginException e) {
            if (e.code() == ErrorCode.NOT_FOUND && countsAgainst(e.code(), chosen, routing, function)) {
                chosen.lostExport();
            }
            throw e;
        } finally {
            if (chosen == routing.canary()) {
                judge(slot, chosen);
            }
        }
    }

    /**
     * Whether a failure says something about the version: not when the pool was busy or the input
     * too large, nor when the function is unknown to the active version as well (a caller's typo);
     * the version's {@link dev.plinth.host.CallStats} leaves those out of its measured calls. A
     * canary that lacks a function the active version has is failing, though: only routing knows
     * that, so the dispatcher counts it on the deployment.
     */
    static boolean countsAgainst(ErrorCode code, RoutedVersion chosen, Routing routing, String function) {
        if (code == ErrorCode.NOT_FOUND) {
            return chosen != routing.active() && routing.active() != null
                    && routing.active().plugin().exports().contains(function);
        }
        return CallStats.measured(code);
    }

    private void judge(PluginSlot slot, RoutedVersion canary) {
        CanaryJudge.Verdict verdict = CanaryJudge.judge(canary);
        if (verdict.action() == CanaryJudge.Action.CONTINUE) {
            return;
        }
        EventBatch batch = events.batch();
        if (verdict.action() == CanaryJudge.Action.ROLL_BACK) {
            slot.rollBackCanary(canary, verdict, batch);
        } else {
            slot.autoPromote(canary, verdict.figures(), batch);
        }
        events.publish(batch);
    }
}
