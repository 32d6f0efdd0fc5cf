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
        PluginSlot slot = slots.require(request.plugin());
        for (int pick = 0; pick < MAX_PICKS; pick++) {
            Routing routing = slot.routing();
            RoutedVersion chosen = routing.pick(request.plugin(), request.routingKey());
            if (chosen == null) {
                throw slot.notServing();
            }
            if (!chosen.lease().tryEnter()) {
                Thread.onSpinWait();
                continue;
            }
            try {
                return callOn(slot, routing, chosen, request);
            } finally {
                chosen.lease().exit();
            }
        }
        throw new PluginNotFoundException("plugin " + request.plugin() + " kept changing versions; no version took the call");
    }

    private CallResult callOn(PluginSlot slot, Routing routing, RoutedVersion chosen, CallRequest request) {
        try {
            return chosen.plugin().call(request.function(), request.input());
        } catch (PluginException e) {
            if (e.code() == ErrorCode.NOT_FOUND && countsAgainst(e.code(), chosen, routing, request.function())) {
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
