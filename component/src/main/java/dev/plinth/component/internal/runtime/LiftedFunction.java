package dev.plinth.component.internal.runtime;

import com.dylibso.chicory.runtime.ExportFunction;
import dev.plinth.component.internal.abi.GuestMemory;
import dev.plinth.component.internal.binary.StringEncoding;
import dev.plinth.component.type.FuncType;

/**
 * A component function made by {@code canon lift}: the core function, its component type and the
 * canonical options resolved to the instance's memory, realloc and post-return.
 */
public record LiftedFunction(CoreFunc core, FuncType type, GuestMemory memory, StringEncoding encoding,
        ExportFunction realloc, ExportFunction postReturn) {
}
