package dev.plinth.component.internal.runtime;

import dev.plinth.component.HostFunction;
import dev.plinth.component.type.FuncType;

/** A component function the component imports and the host provides. */
record ImportedFunction(String name, FuncType type, HostFunction host) {
}
