package dev.plinth.cli;

import dev.plinth.api.host.HostCallContext;
import dev.plinth.api.host.HostFunction;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for an application host function, so that {@code plinth call} can run a plugin that
 * imports one ({@code --host-function}). It echoes its first argument, or returns a fixed reply,
 * or nothing; each call is logged at DEBUG ({@code --verbose}).
 *
 * @param name the import name under {@code extism:host/user}
 * @param reply what every call returns: empty for an echo of the first argument
 * @param returnsNothing whether calls return no block at all (the guest sees offset 0, "none")
 * @param parameterCount how many blocks the guest passes, as its import declares
 * @param returnsValue whether the guest's import returns a block offset
 */
record HostFunctionStub(String name, Optional<byte[]> reply, boolean returnsNothing, int parameterCount,
        boolean returnsValue) implements HostFunction {
    private static final Logger LOG = LoggerFactory.getLogger(HostFunctionStub.class);

    HostFunctionStub {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reply, "reply");
    }

    /** The same stub, shaped like the guest's import. */
    HostFunctionStub shaped(int parameters, boolean returns) {
        return new HostFunctionStub(name, reply, returnsNothing, parameters, returns);
    }

    @Override
    public byte[] invoke(HostCallContext context, List<byte[]> arguments) {
        LOG.debug("host function {} called by {}.{} with {} argument(s){}", name, context.pluginName(),
                context.function(), arguments.size(), arguments.isEmpty() ? "" : ", the first of "
                        + arguments.get(0).length + " bytes");
        if (!returnsValue || returnsNothing) {
            return null;
        }
        return reply.orElseGet(() -> arguments.isEmpty() ? new byte[0] : arguments.get(0));
    }
}
