package dev.plinth.host.internal.pool;

import dev.plinth.host.internal.engine.CompiledModule;

/**
 * One core module of a component as the engine runs it: compiled (after metering, when the version is
 * metered) and the index of its fuel counter among its globals, {@code -1} when it is not metered.
 */
public record ComponentCoreModule(CompiledModule module, int fuelGlobal) {
}
