package dev.plinth.config;

import dev.plinth.api.event.EventsPermission;
import dev.plinth.api.kv.KvQuota;
import dev.plinth.api.manifest.DenyRules;
import dev.plinth.api.manifest.EnvironmentName;
import dev.plinth.api.manifest.FsPermission;
import dev.plinth.api.manifest.NetPermission;
import dev.plinth.api.manifest.PermissionRules;
import dev.plinth.api.manifest.Permissions;
import dev.plinth.api.unit.DataSize;
import dev.plinth.api.unit.DurationText;
import dev.plinth.api.unit.Quoting;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** Reads {@code [permissions]} and {@code [permissions.deny]} into {@link Permissions}. */
final class PermissionsReader {
    /** wasm32 addresses at most 2^32 bytes (65536 pages of 64KiB). */
    static final DataSize MAX_MEMORY = DataSize.ofGigabytes(4);
    static final int MAX_INSTANCES = 1024;

    private static final List<String> KEYS =
            List.of("fs", "net", "host-functions", "memory", "cpu-time", "fuel", "max-instances",
            "table-elements", "fs-write-per-call", "fs-write-total", "http-response-headers", "deny",
            "data-dir", "env", KvQuotaReader.KEY, EventsReader.KEY);
    private static final List<String> DENY_KEYS = List.of("fs", "net");
    private static final String FS_EXAMPLE = "read:/data";
    private static final String NET_EXAMPLE = "connect:api.example.com:443";

    private PermissionsReader() {
    }

    static Permissions read(TomlTable t) {
        Problems problems = new Problems();
        problems.check(() -> t.allowOnly(KEYS));
        List<FsPermission> fs = problems.read(
                () -> t.rules("fs", FS_EXAMPLE, rule -> PermissionRules.unmappedFs(rule, "a plugin's ask")), List.of());
        List<NetPermission> net = problems.read(() -> t.rules("net", NET_EXAMPLE, PermissionRules::net), List.of());
        Set<String> hostFunctions = problems.read(() -> new LinkedHashSet<>(t.rules("host-functions", "lookup-price",
                PermissionRules::hostFunction)), Set.of());
        Optional<DataSize> memory = problems.read(() -> t.string("memory", "128MB").map(text -> memory(t, text)),
                Optional.empty());
        Optional<Duration> cpuTime = problems.read(() -> t.string("cpu-time", "30s").map(text -> cpuTime(t, text)),
                Optional.empty());
        OptionalLong fuel = problems.read(() -> positive(t, "fuel", "a positive number of instructions"),
                OptionalLong.empty());
        OptionalLong instances = problems.read(() -> instances(t), OptionalLong.empty());
        OptionalLong tableElements = problems.read(() -> positive(t, "table-elements",
                "a positive number of table entries"), OptionalLong.empty());
        Optional<DataSize> writePerCall = problems.read(
                () -> t.string("fs-write-per-call", "64MB").map(text -> size(t, "fs-write-per-call", text)),
                Optional.empty());
        Optional<DataSize> writeTotal = problems.read(
                () -> t.string("fs-write-total", "1GB").map(text -> size(t, "fs-write-total", text)), Optional.empty());
        DenyRules deny = problems.read(() -> t.table("deny").map(PermissionsReader::deny).orElse(DenyRules.NONE),
                DenyRules.NONE);
        boolean headers = problems.read(() -> t.bool("http-response-headers").orElse(false), false);
        Optional<DataSize> dataDir = problems.read(
                () -> t.string("data-dir", "64MB").map(text -> size(t, "data-dir", text)), Optional.empty());
        List<String> env = problems.read(() -> t.rules("env", "TZ", EnvironmentName::check), List.of());
        Optional<KvQuota> kv = problems.read(() -> KvQuotaReader.read(t), Optional.empty());
        Optional<EventsPermission> events = problems.read(() -> EventsReader.ask(t), Optional.empty());
        problems.throwIfAny();
        return new Permissions(fs, net, hostFunctions, memory, cpuTime, fuel,
                instances.isPresent() ? OptionalInt.of((int) instances.getAsLong()) : OptionalInt.empty(),
                tableElements, writePerCall, writeTotal, deny, headers, dataDir, List.copyOf(new LinkedHashSet<>(env)),
                kv, events);
    }

    private static OptionalLong positive(TomlTable t, String key, String expected) {
        OptionalLong value = t.integer(key);
        if (value.isPresent() && value.getAsLong() <= 0) {
            throw t.error(key, "must be " + expected + ", found " + value.getAsLong());
        }
        return value;
    }

    private static OptionalLong instances(TomlTable t) {
        OptionalLong instances = t.integer("max-instances");
        if (instances.isPresent() && (instances.getAsLong() < 1 || instances.getAsLong() > MAX_INSTANCES)) {
            throw t.error("max-instances", "must be between 1 and " + MAX_INSTANCES + ", found " + instances.getAsLong());
        }
        return instances;
    }

    private static DenyRules deny(TomlTable t) {
        Problems problems = new Problems();
        problems.check(() -> t.allowOnly(DENY_KEYS));
        List<FsPermission> fs = problems.read(
                () -> t.rules("fs", "read:/etc", rule -> PermissionRules.unmappedFs(rule, "a deny rule")), List.of());
        List<NetPermission> net = problems.read(() -> t.rules("net", "connect:127.0.0.1:*", PermissionRules::net),
                List.of());
        problems.throwIfAny();
        return new DenyRules(fs, net);
    }

    private static DataSize memory(TomlTable t, String text) {
        DataSize size;
        try {
            size = DataSize.parse(text);
        } catch (IllegalArgumentException e) {
            throw t.error("memory", e.getMessage(), e);
        }
        if (size.bytes() == 0) {
            throw t.error("memory", "must be more than 0");
        }
        if (size.compareTo(MAX_MEMORY) > 0) {
            throw t.error("memory", Quoting.quote(text) + " is more than " + MAX_MEMORY
                    + ", the most a 32-bit WebAssembly memory can address");
        }
        return size;
    }

    private static DataSize size(TomlTable t, String key, String text) {
        DataSize size;
        try {
            size = DataSize.parse(text);
        } catch (IllegalArgumentException e) {
            throw t.error(key, e.getMessage(), e);
        }
        if (size.bytes() == 0) {
            throw t.error(key, "must be more than 0");
        }
        return size;
    }

    private static Duration cpuTime(TomlTable t, String text) {
        Duration d;
        try {
            d = DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw t.error("cpu-time", e.getMessage(), e);
        }
        if (d.isZero()) {
            throw t.error("cpu-time", "must be more than 0");
        }
        return d;
    }
}
