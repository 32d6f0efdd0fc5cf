package dev.plinth.abi;

import dev.plinth.api.PluginVars;
import dev.plinth.api.host.RawHostCall;
import java.nio.charset.StandardCharsets;

/**
 * What one bound application host function reaches of its instance while a plugin calls it: the
 * Extism blocks of the call (bounds-checked, charged per byte and under the kernel memory's limit,
 * as the ABI's own copies are) and the plugin's vars. A bad offset is an {@link AbiViolation} named
 * after the function.
 */
final class HostCallAccess implements RawHostCall {
    private final GuestContext context;
    private final String function;

    /** @param function how violations name the host function, e.g. {@code host::hostGreenMessage} */
    HostCallAccess(GuestContext context, String function) {
        this.context = context;
        this.function = function;
    }

    @Override
    public byte[] readBlock(long offset) {
        if (offset == 0) {
            return new byte[0];
        }
        ExtismMemory memory = context.memory();
        context.chargeBytes(memory.blockLength(function, offset));
        return memory.readBlock(function, offset);
    }

    @Override
    public String readString(long offset) {
        return new String(readBlock(offset), StandardCharsets.UTF_8);
    }

    @Override
    public long blockLength(long offset) {
        return context.memory().length(offset);
    }

    @Override
    public long writeBlock(byte[] bytes) {
        context.chargeBytes(bytes.length);
        return context.memory().allocBytes(bytes);
    }

    @Override
    public long writeString(String text) {
        return writeBlock(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void freeBlock(long offset) {
        context.memory().free(offset);
    }

    @Override
    public PluginVars vars() {
        return context.vars().view();
    }

    @Override
    public String pluginName() {
        return context.pluginName();
    }

    @Override
    public String pluginVersion() {
        return context.pluginVersion();
    }

    @Override
    public String function() {
        return context.function();
    }
}
