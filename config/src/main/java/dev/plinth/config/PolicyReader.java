package dev.plinth.config;

import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.api.error.InvalidPolicyException;
import dev.plinth.api.manifest.DenyRules;
import dev.plinth.api.manifest.EnvironmentName;
import dev.plinth.api.manifest.FsPermission;
import dev.plinth.api.manifest.NetPermission;
import dev.plinth.api.manifest.PermissionRules;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.unit.DataSize;
import dev.plinth.api.unit.DurationText;
import dev.plinth.config.TomlTable;
import dev.plinth.security.policy.ClockAccess;
import dev.plinth.security.policy.DataDirQuota;
import dev.plinth.security.policy.EnvironmentGrant;
import dev.plinth.security.policy.GrantLimits;
import dev.plinth.security.policy.Limit;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.security.policy.RandomSource;
import dev.plinth.security.policy.SecurityPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Reads an operator's policy file (TOML 1.0, UTF-8):
 *
 * <pre>{@code
 * [deny]                      # replaces the default deny rules of each kind given
 * fs = ["read:/etc", "write:/etc"]
 * net = ["listen:*"]
 *
 * [ceilings]                  # the most any plugin gets; keys not given keep the conservative value
 * memory = "256MB"            # also: cpu-time, fuel, max-instances, max-input, max-output, max-vars
 *
 * [default]                   # the grant of plugins not named below (none: nothing granted)
 * memory = "64MB"
 *
 * [plugins.image-processor]   # a named plugin's grant; replaces [default] for that plugin
 * fs = ["read:/data/images", "write:/tmp/plugin-cache",
 *       "read:/srv/tenant-a/data:/data"]   # host directory, then the path the plugin sees it at
 * net = ["connect:api.example.com:443"]
 * host-functions = ["lookup-price"]   # "*": whatever the manifest asks for
 * clock = "real"              # WASI clocks: "frozen" (default, read 0) or "real"
 * random = "secure"           # WASI random_get: "seeded" (default, fixed seed) or "secure"
 * http-response-headers = true   # http_headers returns the response's headers (default false)
 * memory = "128MB"
 * data-dir = "256MB"          # a data directory of its own at /data, holding at most this
 * data-dir-files = 10000      # ... and at most this many files and directories (default 10000)
 * env = ["TZ", "LANG"]        # variables it may see, valued as in the host process;
 *                             # or fixed values: env = { TZ = "UTC" }
 * kv = { max-keys = 10000, max-value-size = "1MB", max-total-size = "64MB" }
 *                             # a key-value store (plinth:host/kv): the ceilings of the ask
 * events = { emit = ["order.*"], subscribe = ["price.*"], max-emits-per-call = 100, max-payload-size = "64KB" }
 *                             # events it may emit and receive (plinth:host/events)
 * }</pre>
 *
 * Everything not written keeps the value of {@link SecurityPolicy#STRICT}. Every problem is an
 * {@link InvalidPolicyException} naming the file, the dotted key and what is wrong.
 */
public final class PolicyReader {
    /** The largest policy file read. */
    public static final int MAX_BYTES = 1024 * 1024;

    private static final List<String> TOP_KEYS = List.of("deny", "ceilings", "default", "plugins");
    private static final List<String> DENY_KEYS = List.of("fs", "net");
    private static final List<String> LIMIT_KEYS = limitKeys();
    private static final List<String> GRANT_KEYS = grantKeys();
    private static final long MAX_INSTANCES = 1024;

    private PolicyReader() {
    }

    /**
     * Reads a policy file; the path is the source named in errors.
     *
     * @throws InvalidPolicyException when it is missing, unreadable, too large or invalid
     */
    public static SecurityPolicy read(Path file) {
        String source = file.toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new InvalidPolicyException(source, null, "too large (" + size + " bytes; at most " + MAX_BYTES + ")");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidPolicyException(source, null, "file not found", e);
        } catch (IOException e) {
            throw new InvalidPolicyException(source, null, "cannot be read: " + e, e);
        }
        try {
            return parse(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString(), source);
        } catch (CharacterCodingException e) {
            throw new InvalidPolicyException(source, null, "not valid UTF-8 (TOML files must be UTF-8)", e);
        }
    }

    /**
     * Reads policy text.
     *
     * @param source what to call the text in errors
     * @throws InvalidPolicyException when it is not valid TOML or breaks a policy rule
     */
    public static SecurityPolicy parse(String text, String source) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        if (text.length() > MAX_BYTES) {
            throw new InvalidPolicyException(source, null, "too large (" + text.length() + " characters; at most "
                    + MAX_BYTES + ")");
        }
        try {
            return read(TomlTable.parse(text, source));
        } catch (InvalidPolicyException e) {
            throw e;
        } catch (InvalidManifestException e) {
            throw new InvalidPolicyException(e.source(), e.key().orElse(null), e.problem(), e);
        }
    }

    private static SecurityPolicy read(TomlTable root) {
        root.allowOnly(TOP_KEYS);
        SecurityPolicy.Builder policy = SecurityPolicy.builder();
        root.table("deny").ifPresent(t -> {
            t.allowOnly(DENY_KEYS);
            DenyRules defaults = SecurityPolicy.DEFAULT_DENY;
            List<FsPermission> fs = t.stringArray("fs", "read:/etc").isPresent()
                    ? t.rules("fs", "read:/etc", rule -> PermissionRules.unmappedFs(rule, "a deny rule")) : defaults.fs();
            List<NetPermission> net = t.stringArray("net", "listen:*").isPresent()
                    ? t.rules("net", "listen:*", PermissionRules::net) : defaults.net();
            policy.deny(new DenyRules(fs, net));
        });
        root.table("ceilings").ifPresent(t -> {
            t.allowOnly(LIMIT_KEYS);
            GrantLimits.Builder ceilings = GrantLimits.CONSERVATIVE.toBuilder();
            for (Limit l : Limit.values()) {
                limit(t, l).ifPresent(v -> ceilings.set(l, v));
            }
            policy.ceilings(ceilings.build());
        });
        root.table("default").ifPresent(t -> policy.defaultGrant(grant(t)));
        root.table("plugins").ifPresent(plugins -> {
            for (Map.Entry<String, JsonNode> e : plugins.entries()) {
                String name = e.getKey();
                if (!PluginManifest.NAME_PATTERN.matcher(name).matches()) {
                    throw plugins.error(name, "is not a valid plugin name; use lowercase letters, digits and '-',"
                            + " starting with a letter (at most 64 characters)");
                }
                policy.grant(name, grant(plugins.asTable(name, e.getValue())));
            }
        });
        return policy.build();
    }

    private static PluginGrant grant(TomlTable t) {
        t.allowOnly(GRANT_KEYS);
        PluginGrant.Builder grant = PluginGrant.builder();
        grant.fs(t.rules("fs", "read:/data", PermissionRules::fs));
        grant.net(t.rules("net", "connect:api.example.com:443", PermissionRules::net));
        List<String> functions = t.stringArray("host-functions", "lookup-price").orElse(List.of());
        for (int i = 0; i < functions.size(); i++) {
            String name = functions.get(i);
            if (name.equals("*")) {
                grant.askedHostFunctions(true);
                continue;
            }
            try {
                grant.hostFunction(PermissionRules.hostFunction(name));
            } catch (IllegalArgumentException e) {
                throw t.element("host-functions", i, e.getMessage() + ", or \"*\" for every one the plugin asks for");
            }
        }
        for (Limit l : Limit.values()) {
            limit(t, l).ifPresent(v -> grant.limit(l, v));
        }
        t.string("clock", "real").ifPresent(text -> grant.clock(word(t, "clock", text, ClockAccess::parse)));
        t.string("random", "secure").ifPresent(text -> grant.random(word(t, "random", text, RandomSource::parse)));
        t.bool("http-response-headers").ifPresent(grant::httpResponseHeaders);
        dataDir(t, grant);
        env(t).ifPresent(grant::env);
        KvQuotaReader.read(t).ifPresent(grant::kv);
        EventsReader.grant(t).ifPresent(grant::events);
        try {
            return grant.build();
        } catch (IllegalArgumentException e) {
            throw t.error("fs", e.getMessage(), e);
        }
    }

    /** {@code data-dir = "256MB"} with an optional {@code data-dir-files = 10000}. */
    private static void dataDir(TomlTable t, PluginGrant.Builder grant) {
        OptionalLong files = t.integer("data-dir-files");
        if (files.isPresent() && files.getAsLong() <= 0) {
            throw t.error("data-dir-files", "must be a positive number of files, found " + files.getAsLong());
        }
        java.util.Optional<String> bytes = t.string("data-dir", "256MB");
        if (bytes.isEmpty()) {
            if (files.isPresent()) {
                throw t.error("data-dir-files", "needs data-dir, the quota in bytes of the data directory");
            }
            return;
        }
        DataSize size;
        try {
            size = DataSize.parse(bytes.get());
        } catch (IllegalArgumentException e) {
            throw t.error("data-dir", e.getMessage(), e);
        }
        if (size.toBytes() == 0) {
            throw t.error("data-dir", "must be more than 0");
        }
        grant.dataDir(new DataDirQuota(size.toBytes(), files.orElse(DataDirQuota.DEFAULT_FILES)));
    }

    /**
     * {@code env = ["TZ", "LANG"]} (valued from the host process) or {@code env = { TZ = "UTC" }}
     * (fixed values).
     */
    private static java.util.Optional<EnvironmentGrant> env(TomlTable t) {
        JsonNode value = null;
        for (Map.Entry<String, JsonNode> e : t.entries()) {
            if (e.getKey().equals("env")) {
                value = e.getValue();
            }
        }
        if (value == null) {
            return java.util.Optional.empty();
        }
        if (value.isObject()) {
            Map<String, String> fixed = new java.util.LinkedHashMap<>();
            TomlTable table = t.asTable("env", value);
            for (Map.Entry<String, JsonNode> e : table.entries()) {
                if (!e.getValue().isString()) {
                    throw table.error(e.getKey(), "expected a string value such as \"UTC\"");
                }
                try {
                    fixed.put(EnvironmentName.check(e.getKey()), e.getValue().stringValue());
                } catch (IllegalArgumentException ex) {
                    throw table.error(e.getKey(), ex.getMessage(), ex);
                }
                if (e.getValue().stringValue().indexOf('\0') >= 0) {
                    throw table.error(e.getKey(), "the value must not hold a NUL character");
                }
            }
            return java.util.Optional.of(new EnvironmentGrant(fixed, java.util.Set.of()));
        }
        List<String> names = t.rules("env", "TZ", dev.plinth.api.manifest.EnvironmentName::check);
        return java.util.Optional.of(new EnvironmentGrant(Map.of(), new java.util.LinkedHashSet<>(names)));
    }

    private static <T> T word(TomlTable t, String key, String text, Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw t.error(key, e.getMessage(), e);
        }
    }

    private static OptionalLong limit(TomlTable t, Limit l) {
        String key = l.key();
        return switch (l.unit()) {
            case BYTES -> t.string(key, "64MB").map(text -> OptionalLong.of(size(t, l, text)))
                    .orElse(OptionalLong.empty());
            case NANOS -> t.string(key, "5s").map(text -> OptionalLong.of(duration(t, key, text)))
                    .orElse(OptionalLong.empty());
            case COUNT -> count(t, l);
        };
    }

    private static long size(TomlTable t, Limit l, String text) {
        DataSize size;
        try {
            size = DataSize.parse(text);
        } catch (IllegalArgumentException e) {
            throw t.error(l.key(), e.getMessage(), e);
        }
        if (size.toBytes() == 0) {
            throw t.error(l.key(), "must be more than 0");
        }
        long max = l.maximum();
        if (size.toBytes() > max) {
            throw t.error(l.key(), "\"" + text + "\" is more than " + DataSize.ofBytes(max)
                    + (l == Limit.MEMORY ? ", the most a 32-bit WebAssembly memory can address" : ", the largest supported"));
        }
        return size.toBytes();
    }

    private static long duration(TomlTable t, String key, String text) {
        Duration d;
        try {
            d = DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw t.error(key, e.getMessage(), e);
        }
        if (d.isZero() || d.isNegative()) {
            throw t.error(key, "must be more than 0");
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            throw t.error(key, "\"" + text + "\" is too long", e);
        }
    }

    private static OptionalLong count(TomlTable t, Limit l) {
        OptionalLong v = t.integer(l.key());
        if (v.isEmpty()) {
            return v;
        }
        long n = v.getAsLong();
        if (l == Limit.MAX_INSTANCES && (n < 1 || n > MAX_INSTANCES)) {
            throw t.error(l.key(), "must be between 1 and " + MAX_INSTANCES + ", found " + n);
        }
        if (n <= 0) {
            throw t.error(l.key(), "must be a positive number" + (l == Limit.FUEL ? " of instructions" : "")
                    + ", found " + n);
        }
        if (n > l.maximum()) {
            throw t.error(l.key(), "must be at most " + l.maximum() + ", found " + n);
        }
        return v;
    }

    private static List<String> limitKeys() {
        List<String> keys = new ArrayList<>();
        for (Limit l : Limit.values()) {
            keys.add(l.key());
        }
        return List.copyOf(keys);
    }

    private static List<String> grantKeys() {
        List<String> keys = new ArrayList<>(List.of("fs", "net", "host-functions", "clock", "random",
                "http-response-headers"));
        keys.addAll(limitKeys());
        keys.addAll(List.of("data-dir", "data-dir-files", "env", KvQuotaReader.KEY, EventsReader.KEY));
        return List.copyOf(keys);
    }
}
