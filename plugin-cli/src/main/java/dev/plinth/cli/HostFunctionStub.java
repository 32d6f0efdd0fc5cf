package dev.plinth.cli;

import dev.plinth.api.host.HostCallContext;
import dev.plinth.api.host.HostFunction;
import dev.plinth.api.host.HostFunctionName;
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
 * @param id the function's namespace and import name ({@code extism:host/user} unless the
 *     {@code --host-function} value said {@code namespace::name})
 * @param reply what every call returns: empty for an echo of the first argument
 * @param returnsNothing whether calls return no block at all (the guest sees offset 0, "none")
 * @param parameterCount how many blocks the guest passes, as its import declares
 * @param returnsValue whether the guest's import returns a block offset
 */
record HostFunctionStub(HostFunctionName id, Optional<byte[]> reply, boolean returnsNothing, int parameterCount,
        boolean returnsValue) implements HostFunction {
    private static final Logger LOG = LoggerFactory.getLogger(HostFunctionStub.class);

    HostFunctionStub {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reply, "reply");
    }

    /** The same stub, shaped like the guest's import. */
    HostFunctionStub shaped(int parameters, boolean returns) {
        return new HostFunctionStub(id, reply, returnsNothing, parameters, returns);
    }

    @Override
    public String namespace() {
        return id.namespace();
    }

    @Override
    public String name() {
        return id.name();
    }

    /** How grants and hints name it: {@code name}, or {@code namespace::name} outside the default namespace. */
    String key() {
        return id.key();
    }

    @Override
    public byte[] invoke(HostCallContext context, List<byte[]> arguments) {
        LOG.debug("host function {} called by {}.{} with {} argument(s){}", id, context.pluginName(),
                context.function(), arguments.size(), arguments.isEmpty() ? "" : ", the first of "
                        + arguments.get(0).length + " bytes");
        if (!returnsValue || returnsNothing) {
            return null;
        }
        return reply.orElseGet(() -> arguments.isEmpty() ? new byte[0] : arguments.get(0));
    }
}
