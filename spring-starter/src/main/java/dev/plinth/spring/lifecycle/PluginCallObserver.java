package dev.plinth.spring.lifecycle;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import java.util.function.Function;

/**
 * Wraps each call that goes through the starter's registry bean (typed plugin beans included), for
 * example in a Micrometer Observation. Kept free of Micrometer types so the registry does not need
 * Micrometer on the class path.
 */
@FunctionalInterface
public interface PluginCallObserver {
    /** Makes the call directly. */
    PluginCallObserver NONE = (request, call) -> call.apply(request);

    /** Makes {@code call} for {@code request}, observed; returns or throws what it does. */
    CallResult observe(CallRequest request, Function<CallRequest, CallResult> call);
}
