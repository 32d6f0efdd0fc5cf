package dev.plinth.api.manifest;

import dev.plinth.api.event.EventsPermission;
import dev.plinth.api.kv.KvQuota;
import dev.plinth.api.unit.DataSize;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code [permissions]}: what a plugin asks for. Asking grants nothing by itself; the operator's
 * policy decides what the plugin actually gets. Absent limits mean "the host's default".
 *
 * @param fs file-system access asked for
 * @param net network access asked for
 * @param hostFunctions application host functions asked for, by {@link dev.plinth.api.host.HostFunctionName#key}
 *     ({@code "lookup-price"} in {@code extism:host/user}, {@code "host::hostGreenMessage"} elsewhere)
 * @param memory the most linear memory the plugin expects to use
 * @param cpuTime wall-clock deadline per call
 * @param fuel instruction budget per call
 * @param maxInstances how many instances may run at once
 * @param tableElements the most entries its tables may hold together
 * @param fsWritePerCall bytes one call may write into writable mounts
 * @param fsWriteTotal bytes its files in writable mounts may grow by in all
 * @param deny rules the plugin asks to have refused
 * @param httpResponseHeaders whether the plugin asks to read response headers through
 *     {@code http_headers} ({@code http-response-headers = true}; Extism hosts enable this per
 *     plugin, off by default)
 * @param dataDir the quota of a writable data directory of the plugin's own, seen at
 *     {@value #DATA_DIR_PATH} ({@code data-dir = "64MB"}); empty: no data directory
 * @param env the names of environment variables the plugin asks to see ({@code env = ["TZ"]})
 * @param kv the quota of a key-value store of the plugin's own ({@code plinth:host/kv},
 *     {@code kv = { max-keys = 1000 }}); empty: no store
 * @param events the event types it asks to emit and to receive ({@code plinth:host/events});
 *     empty: none
 */
public record Permissions(
        List<FsPermission> fs,
        List<NetPermission> net,
        Set<String> hostFunctions,
        Optional<DataSize> memory,
        Optional<Duration> cpuTime,
        OptionalLong fuel,
        OptionalInt maxInstances,
        OptionalLong tableElements,
        Optional<DataSize> fsWritePerCall,
        Optional<DataSize> fsWriteTotal,
        DenyRules deny,
        boolean httpResponseHeaders,
        Optional<DataSize> dataDir,
        List<String> env,
        Optional<KvQuota> kv,
        Optional<EventsPermission> events) {

    /** Where a plugin sees its data directory. */
    public static final String DATA_DIR_PATH = "/data";

    /** Asks for nothing. */
    public static final Permissions NONE = new Permissions(
            List.of(), List.of(), Set.of(), Optional.empty(), Optional.empty(),
            OptionalLong.empty(), OptionalInt.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty(),
            DenyRules.NONE, false);

    /** Without events. */
    public Permissions(List<FsPermission> fs, List<NetPermission> net, Set<String> hostFunctions,
            Optional<DataSize> memory, Optional<Duration> cpuTime, OptionalLong fuel, OptionalInt maxInstances,
            OptionalLong tableElements, Optional<DataSize> fsWritePerCall, Optional<DataSize> fsWriteTotal,
            DenyRules deny, boolean httpResponseHeaders, Optional<DataSize> dataDir, List<String> env,
            Optional<KvQuota> kv) {
        this(fs, net, hostFunctions, memory, cpuTime, fuel, maxInstances, tableElements, fsWritePerCall, fsWriteTotal,
                deny, httpResponseHeaders, dataDir, env, kv, Optional.empty());
    }

    /** Without a key-value store. */
    public Permissions(List<FsPermission> fs, List<NetPermission> net, Set<String> hostFunctions,
            Optional<DataSize> memory, Optional<Duration> cpuTime, OptionalLong fuel, OptionalInt maxInstances,
            OptionalLong tableElements, Optional<DataSize> fsWritePerCall, Optional<DataSize> fsWriteTotal,
            DenyRules deny, boolean httpResponseHeaders, Optional<DataSize> dataDir, List<String> env) {
        this(fs, net, hostFunctions, memory, cpuTime, fuel, maxInstances, tableElements, fsWritePerCall, fsWriteTotal,
                deny, httpResponseHeaders, dataDir, env, Optional.empty());
    }

    /** Without a data directory or environment variables. */
    public Permissions(List<FsPermission> fs, List<NetPermission> net, Set<String> hostFunctions,
            Optional<DataSize> memory, Optional<Duration> cpuTime, OptionalLong fuel, OptionalInt maxInstances,
            OptionalLong tableElements, Optional<DataSize> fsWritePerCall, Optional<DataSize> fsWriteTotal,
            DenyRules deny, boolean httpResponseHeaders) {
        this(fs, net, hostFunctions, memory, cpuTime, fuel, maxInstances, tableElements, fsWritePerCall, fsWriteTotal,
                deny, httpResponseHeaders, Optional.empty(), List.of());
    }

    /** Without asking for response headers. */
    public Permissions(List<FsPermission> fs, List<NetPermission> net, Set<String> hostFunctions,
            Optional<DataSize> memory, Optional<Duration> cpuTime, OptionalLong fuel, OptionalInt maxInstances,
            OptionalLong tableElements, Optional<DataSize> fsWritePerCall, Optional<DataSize> fsWriteTotal,
            DenyRules deny) {
        this(fs, net, hostFunctions, memory, cpuTime, fuel, maxInstances, tableElements, fsWritePerCall, fsWriteTotal,
                deny, false);
    }

    public Permissions {
        fs = List.copyOf(fs);
        net = List.copyOf(net);
        hostFunctions = Set.copyOf(hostFunctions);
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(cpuTime, "cpuTime");
        Objects.requireNonNull(fuel, "fuel");
        Objects.requireNonNull(maxInstances, "maxInstances");
        Objects.requireNonNull(tableElements, "tableElements");
        Objects.requireNonNull(fsWritePerCall, "fsWritePerCall");
        Objects.requireNonNull(fsWriteTotal, "fsWriteTotal");
        Objects.requireNonNull(deny, "deny");
        Objects.requireNonNull(dataDir, "dataDir");
        env = List.copyOf(env);
        Objects.requireNonNull(kv, "kv");
        Objects.requireNonNull(events, "events");
    }
}
