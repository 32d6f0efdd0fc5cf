package dev.plinth.component.wasi.internal;

import static dev.plinth.component.wasi.internal.Values.OK;
import static dev.plinth.component.wasi.internal.Values.err;
import static dev.plinth.component.wasi.internal.Values.ok;

import dev.plinth.abi.LogBudget;
import dev.plinth.abi.WasiAccess;
import dev.plinth.component.CanonicalAbiException;
import dev.plinth.component.CanonicalAbiException.Violation;
import dev.plinth.component.HostFunction;
import dev.plinth.component.HostResource;
import dev.plinth.component.HostResourceTable;
import dev.plinth.component.value.Value;
import dev.plinth.component.wasi.WasiExitException;
import dev.plinth.sandbox.fs.WriteMeter;
import dev.plinth.sandbox.fs.WriteQuotaExceededException;
import dev.plinth.security.policy.RandomSource;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The WASI 0.2 host of one component instance: its resources (streams, errors, pollables, descriptors) and
 * the functions of every interface {@link WasiNames#SUPPORTED}, keyed {@code wasi:pkg/iface#name} without
 * version. What a function reaches is what the grants allow ({@link WasiAccess}, the same as WASI preview 1):
 * the granted environment variables only, the granted clocks and random source, the mounts through the jail;
 * stdout and stderr go to the plugin's log under its {@link LogBudget}; stdin is empty.
 */
public final class WasiState {
    /** The seed of random bytes when secure ones are not granted, as WASI preview 1's. */
    static final long SEED = 0x706c696e7468L;
    /** The most random bytes one call may ask for. */
    static final long MAX_RANDOM_BYTES = 1L << 20;
    /** The most pollables one {@code poll} may wait on. */
    static final int MAX_POLL = 4096;

    private final String plugin;
    private final WasiAccess access;
    private final List<String> arguments;
    private final Clocks clocks;
    private final Random random;
    private final Random insecure = new Random(SEED);
    private final long[] insecureSeed;
    private final WriteMeter.CallWrites writes;
    private final Streams.Output stdout;
    private final Streams.Output stderr;

    final HostResourceTable<WasiError> errors = new HostResourceTable<>("error", 256);
    final HostResourceTable<Streams.Input> inputs = new HostResourceTable<>("input-stream", 256, Streams.Input::close);
    final HostResourceTable<Streams.Output> outputs = new HostResourceTable<>("output-stream", 256,
            Streams.Output::close);
    final HostResourceTable<Pollable> pollables = new HostResourceTable<>("pollable", 1024);
    private final HostResourceTable<Object> terminalInputs = new HostResourceTable<>("terminal-input", 1);
    private final HostResourceTable<Object> terminalOutputs = new HostResourceTable<>("terminal-output", 1);
    private final Filesystem filesystem;
    private final Map<String, HostFunction> functions = new HashMap<>();
    private final Map<String, HostResource> resources = new HashMap<>();

    public WasiState(String plugin, WasiAccess access, LogBudget logs, List<String> arguments) {
        this.plugin = plugin;
        this.access = access;
        this.arguments = List.copyOf(arguments);
        this.clocks = new Clocks(access.clock());
        this.random = access.random() == RandomSource.SECURE ? new SecureRandom() : new Random(SEED);
        this.insecureSeed = new long[] {random.nextLong(), random.nextLong()};
        this.writes = access.files().writes().newCallCounter();
        this.stdout = Streams.log(logs.stream("stdout"));
        this.stderr = Streams.log(logs.stream("stderr"));
        this.filesystem = new Filesystem(access.files(), writes, this);
        register();
    }

    /** A call begins: its writes into the mounts are counted afresh against the per-call quota. */
    public void beginCall() {
        writes.reset();
    }

    /** The instance is discarded: its open streams (files) are closed, its descriptors forgotten. */
    public void close() {
        inputs.dropAll();
        outputs.dropAll();
        filesystem.descriptors.dropAll();
        filesystem.directoryStreams.dropAll();
    }

    /** The function for an unversioned {@code wasi:pkg/iface#name}, or {@code null}. */
    public HostFunction function(String name) {
        return functions.get(name);
    }

    /** The resource type for an unversioned {@code wasi:pkg/iface#name}, or {@code null}. */
    public HostResource resource(String name) {
        return resources.get(name);
    }

    private void register() {
        resources.put("wasi:io/error#error", errors);
        resources.put("wasi:io/streams#input-stream", inputs);
        resources.put("wasi:io/streams#output-stream", outputs);
        resources.put("wasi:io/poll#pollable", pollables);
        resources.put("wasi:cli/terminal-input#terminal-input", terminalInputs);
        resources.put("wasi:cli/terminal-output#terminal-output", terminalOutputs);
        resources.put("wasi:filesystem/types#descriptor", filesystem.descriptors);
        resources.put("wasi:filesystem/types#directory-entry-stream", filesystem.directoryStreams);
        Map<String, HostFunction> f = functions;

        // wasi:cli
        f.put("wasi:cli/environment#get-environment", args -> {
            List<Value> list = new ArrayList<>();
            access.environment().forEach((k, v) -> list.add(new Value.Tuple(List.of(new Value.Str(k),
                    new Value.Str(v)))));
            return List.of(new Value.ListOf(list));
        });
        f.put("wasi:cli/environment#get-arguments", args -> List.of(new Value.ListOf(
                arguments.stream().map(a -> (Value) new Value.Str(a)).toList())));
        f.put("wasi:cli/environment#initial-cwd", args -> List.of(Values.none()));
        f.put("wasi:cli/exit#exit", args -> {
            throw new WasiExitException(plugin, Values.cast(args.get(0), Value.Result.class).ok() ? 0 : 1);
        });
        f.put("wasi:cli/exit#exit-with-code", args -> {
            throw new WasiExitException(plugin, Values.cast(args.get(0), Value.U8.class).value());
        });
        f.put("wasi:cli/stdin#get-stdin", args -> List.of(inputs.own(Streams.EMPTY)));
        f.put("wasi:cli/stdout#get-stdout", args -> List.of(outputs.own(stdout)));
        f.put("wasi:cli/stderr#get-stderr", args -> List.of(outputs.own(stderr)));
        // Not a terminal: each answers none.
        f.put("wasi:cli/terminal-stdin#get-terminal-stdin", args -> List.of(Values.none()));
        f.put("wasi:cli/terminal-stdout#get-terminal-stdout", args -> List.of(Values.none()));
        f.put("wasi:cli/terminal-stderr#get-terminal-stderr", args -> List.of(Values.none()));

        // wasi:io
        f.put("wasi:io/error#[method]error.to-debug-string", args -> List.of(new Value.Str(
                errors.get(args.get(0)).message())));
        f.put("wasi:io/poll#[method]pollable.ready", args -> List.of(new Value.Bool(
                clocks.ready(pollables.get(args.get(0))))));
        f.put("wasi:io/poll#[method]pollable.block", args -> {
            clocks.block(pollables.get(args.get(0)));
            return List.of();
        });
        f.put("wasi:io/poll#poll", args -> List.of(poll(Values.cast(args.get(0), Value.ListOf.class).elements())));
        String s = "wasi:io/streams#";
        f.put(s + "[method]input-stream.read", args -> List.of(read(args)));
        f.put(s + "[method]input-stream.blocking-read", args -> List.of(read(args)));
        f.put(s + "[method]input-stream.skip", args -> List.of(skip(args)));
        f.put(s + "[method]input-stream.blocking-skip", args -> List.of(skip(args)));
        f.put(s + "[method]input-stream.subscribe", args -> List.of(ready(args)));
        f.put(s + "[method]output-stream.check-write", args -> {
            outputs.get(args.get(0));
            return List.of(ok(Values.u64(Streams.WRITE_PERMIT)));
        });
        f.put(s + "[method]output-stream.write", args -> List.of(write(args.get(0), Values.bytes(args.get(1)), false)));
        f.put(s + "[method]output-stream.blocking-write-and-flush", args -> List.of(write(args.get(0),
                Values.bytes(args.get(1)), true)));
        f.put(s + "[method]output-stream.flush", args -> List.of(flush(args.get(0))));
        f.put(s + "[method]output-stream.blocking-flush", args -> List.of(flush(args.get(0))));
        f.put(s + "[method]output-stream.subscribe", args -> List.of(ready(args)));
        f.put(s + "[method]output-stream.write-zeroes", args -> List.of(write(args.get(0),
                zeroes(Values.u64(args.get(1))), false)));
        f.put(s + "[method]output-stream.blocking-write-zeroes-and-flush", args -> List.of(write(args.get(0),
                zeroes(Values.u64(args.get(1))), true)));
        f.put(s + "[method]output-stream.splice", args -> List.of(splice(args)));
        f.put(s + "[method]output-stream.blocking-splice", args -> List.of(splice(args)));

        // wasi:clocks
        f.put("wasi:clocks/monotonic-clock#now", args -> List.of(Values.u64(clocks.monotonic())));
        f.put("wasi:clocks/monotonic-clock#resolution", args -> List.of(Values.u64(1)));
        f.put("wasi:clocks/monotonic-clock#subscribe-instant", args -> {
            long instant = Values.u64(args.get(0));
            // past 2^63 ns (292 years) is never
            return List.of(pollables.own(new Pollable(instant < 0 ? Long.MAX_VALUE : instant)));
        });
        f.put("wasi:clocks/monotonic-clock#subscribe-duration", args -> {
            long duration = Values.u64(args.get(0));
            long now = clocks.monotonic();
            long at = duration < 0 || now + duration < now ? Long.MAX_VALUE : now + duration;
            return List.of(pollables.own(new Pollable(at)));
        });
        f.put("wasi:clocks/wall-clock#now", args -> List.of(datetime(clocks.wall())));
        f.put("wasi:clocks/wall-clock#resolution", args -> List.of(datetime(Instant.ofEpochSecond(0, 1))));

        // wasi:random
        f.put("wasi:random/random#get-random-bytes", args -> List.of(randomBytes(random, args.get(0))));
        f.put("wasi:random/random#get-random-u64", args -> List.of(Values.u64(random.nextLong())));
        f.put("wasi:random/insecure#get-insecure-random-bytes", args -> List.of(randomBytes(insecure, args.get(0))));
        f.put("wasi:random/insecure#get-insecure-random-u64", args -> List.of(Values.u64(insecure.nextLong())));
        f.put("wasi:random/insecure-seed#insecure-seed", args -> List.of(new Value.Tuple(List.of(
                Values.u64(insecureSeed[0]), Values.u64(insecureSeed[1])))));

        filesystem.register(f);
    }

    private Value poll(List<Value> handles) {
        if (handles.isEmpty()) {
            throw new CanonicalAbiException(Violation.GUEST_TRAP, "wasi:io/poll#poll of an empty list");
        }
        if (handles.size() > MAX_POLL) {
            throw new CanonicalAbiException(Violation.TOO_LARGE, "wasi:io/poll#poll of " + handles.size()
                    + " pollables, more than the " + MAX_POLL + " one call may (as preview 1's poll_oneoff)");
        }
        List<Pollable> list = handles.stream().map(pollables::get).toList();
        Pollable soonest = null;
        for (Pollable p : list) {
            if (soonest == null || p.instant() < soonest.instant()) {
                soonest = p;
            }
        }
        if (list.stream().noneMatch(clocks::ready)) {
            clocks.block(soonest);
        }
        List<Value> ready = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (clocks.ready(list.get(i))) {
                ready.add(new Value.U32(i));
            }
        }
        return new Value.ListOf(ready);
    }

    private Value ready(List<Value> args) {
        return pollables.own(new Pollable(Pollable.NOW));
    }

    private Value read(List<Value> args) {
        Streams.Input in = inputs.get(args.get(0));
        long len = Values.u64(args.get(1));
        int max = Long.compareUnsigned(len, Streams.READ_CHUNK) < 0 ? (int) len : Streams.READ_CHUNK;
        try {
            byte[] data = in.read(max);
            return data == null ? closed() : ok(Values.bytes(data, data.length));
        } catch (IOException e) {
            return failed(e);
        }
    }

    private Value skip(List<Value> args) {
        Streams.Input in = inputs.get(args.get(0));
        long len = Values.u64(args.get(1));
        int max = Long.compareUnsigned(len, Streams.READ_CHUNK) < 0 ? (int) len : Streams.READ_CHUNK;
        try {
            byte[] data = in.read(max);
            return data == null ? closed() : ok(Values.u64(data.length));
        } catch (IOException e) {
            return failed(e);
        }
    }

    private Value write(Value handle, byte[] bytes, boolean flush) {
        Streams.Output out = outputs.get(handle);
        if (bytes.length > Streams.WRITE_PERMIT) {
            // The spec: writing more than check-write permitted (or 4096 bytes, blocking) traps.
            throw new CanonicalAbiException(Violation.TOO_LARGE, "a write of " + bytes.length
                    + " bytes to a wasi:io/streams output-stream, more than the " + Streams.WRITE_PERMIT
                    + " check-write permits");
        }
        try {
            out.write(bytes);
            if (flush) {
                out.flush();
            }
            return OK;
        } catch (IOException | WriteQuotaExceededException e) {
            return failed(e);
        }
    }

    private Value flush(Value handle) {
        try {
            outputs.get(handle).flush();
            return OK;
        } catch (IOException e) {
            return failed(e);
        }
    }

    private Value splice(List<Value> args) {
        Streams.Output out = outputs.get(args.get(0));
        Streams.Input in = inputs.get(args.get(1));
        long len = Values.u64(args.get(2));
        int max = Long.compareUnsigned(len, Streams.WRITE_PERMIT) < 0 ? (int) len : Streams.WRITE_PERMIT;
        try {
            byte[] data = in.read(max);
            if (data == null) {
                return closed();
            }
            out.write(data);
            return ok(Values.u64(data.length));
        } catch (IOException | WriteQuotaExceededException e) {
            return failed(e);
        }
    }

    private static byte[] zeroes(long count) {
        if (Long.compareUnsigned(count, Streams.WRITE_PERMIT) > 0) {
            throw new CanonicalAbiException(Violation.TOO_LARGE, "a write of " + Long.toUnsignedString(count)
                    + " zeroes, more than the " + Streams.WRITE_PERMIT + " check-write permits");
        }
        return new byte[(int) count];
    }

    private Value closed() {
        return err(new Value.Variant("closed", Optional.empty()));
    }

    private Value failed(Exception e) {
        String code = Filesystem.codeOf(e).orElse(null);
        Value error = errors.own(new WasiError(e.getClass().getSimpleName() + ": " + e.getMessage(), code));
        return err(new Value.Variant("last-operation-failed", Optional.of(error)));
    }

    private static Value randomBytes(Random source, Value length) {
        long len = Values.u64(length);
        if (Long.compareUnsigned(len, MAX_RANDOM_BYTES) > 0) {
            throw new CanonicalAbiException(Violation.TOO_LARGE, "asked for " + Long.toUnsignedString(len)
                    + " random bytes, more than the " + MAX_RANDOM_BYTES + " one call may");
        }
        byte[] bytes = new byte[(int) len];
        source.nextBytes(bytes);
        return Values.bytes(bytes, bytes.length);
    }

    private static Value datetime(Instant i) {
        return new Value.Record(Map.of("seconds", Values.u64(i.getEpochSecond()), "nanoseconds",
                new Value.U32(i.getNano())));
    }
}
