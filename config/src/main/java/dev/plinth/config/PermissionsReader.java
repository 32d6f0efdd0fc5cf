package dev.plinth.config;

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
        t.allowOnly(KEYS);
        List<FsPermission> fs = t.rules("fs", FS_EXAMPLE, rule -> PermissionRules.unmappedFs(rule, "a plugin's ask"));
        List<NetPermission> net = t.rules("net", NET_EXAMPLE, PermissionRules::net);
        Set<String> hostFunctions = new LinkedHashSet<>(t.rules("host-functions", "lookup-price",
                PermissionRules::hostFunction));
        Optional<DataSize> memory = t.string("memory", "128MB").map(text -> memory(t, text));
        Optional<Duration> cpuTime = t.string("cpu-time", "30s").map(text -> cpuTime(t, text));
        OptionalLong fuel = t.integer("fuel");
        if (fuel.isPresent() && fuel.getAsLong() <= 0) {
            throw t.error("fuel", "must be a positive number of instructions, found " + fuel.getAsLong());
        }
        OptionalLong instances = t.integer("max-instances");
        if (instances.isPresent() && (instances.getAsLong() < 1 || instances.getAsLong() > MAX_INSTANCES)) {
            throw t.error("max-instances", "must be between 1 and " + MAX_INSTANCES + ", found " + instances.getAsLong());
        }
        OptionalLong tableElements = t.integer("table-elements");
        if (tableElements.isPresent() && tableElements.getAsLong() <= 0) {
            throw t.error("table-elements", "must be a positive number of table entries, found "
                    + tableElements.getAsLong());
        }
        Optional<DataSize> writePerCall = t.string("fs-write-per-call", "64MB").map(text -> size(t, "fs-write-per-call", text));
        Optional<DataSize> writeTotal = t.string("fs-write-total", "1GB").map(text -> size(t, "fs-write-total", text));
        DenyRules deny = t.table("deny").map(PermissionsReader::deny).orElse(DenyRules.NONE);
        boolean headers = t.bool("http-response-headers").orElse(false);
        Optional<DataSize> dataDir = t.string("data-dir", "64MB").map(text -> size(t, "data-dir", text));
        List<String> env = t.rules("env", "TZ", EnvironmentName::check);
        return new Permissions(fs, net, hostFunctions, memory, cpuTime, fuel,
                instances.isPresent() ? OptionalInt.of((int) instances.getAsLong()) : OptionalInt.empty(),
                tableElements, writePerCall, writeTotal, deny, headers, dataDir, List.copyOf(new LinkedHashSet<>(env)),
                KvQuotaReader.read(t), EventsReader.ask(t));
    }

    private static DenyRules deny(TomlTable t) {
        t.allowOnly(DENY_KEYS);
        return new DenyRules(t.rules("fs", "read:/etc", rule -> PermissionRules.unmappedFs(rule, "a deny rule")),
                t.rules("net", "connect:127.0.0.1:*", PermissionRules::net));
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
