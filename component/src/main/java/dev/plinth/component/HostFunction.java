package dev.plinth.component;

import dev.plinth.component.value.Value;
import java.util.List;

/**
 * A function the host provides for a component's function import, called with the lifted arguments (one
 * per parameter of the import's type) and returning its results (as many as the type has), which are lowered
 * back into the guest. An exception it throws fails the guest's call, and the instance dies.
 */
@FunctionalInterface
public interface HostFunction {
    List<Value> call(List<Value> args);
}
