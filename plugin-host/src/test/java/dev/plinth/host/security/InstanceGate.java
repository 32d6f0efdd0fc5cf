package dev.plinth.host.security;

import dev.plinth.api.host.HostCallContext;
import dev.plinth.api.host.HostFunction;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host function {@code instance-gate} of the {@code *-after-first} hostile modules: it answers
 * a null block (0) to the first call, which lets that instance initialize, and a real block to every
 * later one (the module then traps or hangs), until {@link #open()} lets every instance through.
 * It counts its calls, which is how many instances the pool tried to make.
 */
final class InstanceGate implements HostFunction {
    static final String NAME = "instance-gate";

    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean open;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int parameterCount() {
        return 0;
    }

    @Override
    public byte[] invoke(HostCallContext context, List<byte[]> arguments) {
        int call = calls.incrementAndGet();
        return call == 1 || open ? null : new byte[] {1};
    }

    /** From now on every instance may initialize. */
    void open() {
        open = true;
    }

    /** How many instances tried to initialize. */
    int calls() {
        return calls.get();
    }
}
