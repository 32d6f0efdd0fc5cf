package dev.plinth.spring.properties;

import dev.plinth.api.manifest.PermissionRules;
import dev.plinth.api.unit.DataSize;
import dev.plinth.security.policy.ClockAccess;
import dev.plinth.security.policy.DataDirQuota;
import dev.plinth.security.policy.EnvironmentGrant;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.security.policy.RandomSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the application grants one plugin ({@code plinth.grants.<plugin>.*}), on top of the
 * policy file (or the default policy, which grants nothing). The plugin still gets only what its
 * manifest asks for, and deny rules still win.
 */
public class GrantProperties {

    /** File-system rules, such as read:/data/images or write:/tmp/cache. */
    private List<String> fs = new ArrayList<>();

    /** Network rules, such as connect:api.example.com:443. */
    private List<String> net = new ArrayList<>();

    /** Application host functions by name; "*" grants every one the plugin asks for. */
    private List<String> hostFunctions = new ArrayList<>();

    /** What the plugin's WASI clocks read: frozen (they never move, the default) or real. */
    private ClockAccess clock = ClockAccess.FROZEN;

    /** Where the plugin's WASI random bytes come from: seeded (repeatable, the default) or secure. */
    private RandomSource random = RandomSource.SEEDED;

    /**
     * Whether http_headers may return the last response's headers to a plugin that asks for them
     * (http-response-headers in its manifest); off by default, as in Extism.
     */
    private boolean httpResponseHeaders;

    /**
     * The most a data directory of the plugin's own (seen at /data, under plinth.data-dir) may
     * hold, such as 256MB; unset: no data directory.
     */
    private String dataDir;

    /** The most files and directories its data directory may hold (default 10000). */
    private Long dataDirFiles;

    /**
     * A key-value store of the plugin's own (plinth:host/kv) and the most it may hold: the
     * ceilings of what its manifest asks (kv in [permissions]); unset: no store.
     */
    private KvGrant kv;

    /**
     * Events (plinth:host/events): the types it may emit and receive, as patterns (order.*), and
     * the bounds of its emits; unset: none.
     */
    private EventsGrantProperties events;

    /** Environment variables the plugin may see, valued as in the application's process. */
    private List<String> env = new ArrayList<>();

    /** Environment variables the plugin may see, with the values given here. */
    private Map<String, String> envValues = new LinkedHashMap<>();

    /**
     * This grant as a value.
     *
     * @throws IllegalArgumentException naming the property ({@code plinth.grants.NAME.fs[0]}) and
     *     what is wrong with it
     */
    public PluginGrant toPluginGrant(String plugin) {
        PluginGrant.Builder grant = PluginGrant.builder().clock(clock).random(random)
                .httpResponseHeaders(httpResponseHeaders);
        String prefix = "plinth.grants." + plugin + ".";
        rules(prefix + "fs", fs, PermissionRules::fs, grant::fs);
        rules(prefix + "net", net, PermissionRules::net, grant::net);
        for (int i = 0; i < hostFunctions.size(); i++) {
            String name = hostFunctions.get(i);
            if (name.equals("*")) {
                grant.askedHostFunctions(true);
            } else {
                rule(prefix + "host-functions[" + i + "]", name, PermissionRules::hostFunction, grant::hostFunction);
            }
        }
        hostServices(prefix, grant);
        return grant.build();
    }

    private void hostServices(String prefix, PluginGrant.Builder grant) {
        if (dataDir != null) {
            try {
                grant.dataDir(new DataDirQuota(DataSize.parse(dataDir).toBytes(),
                        dataDirFiles == null ? DataDirQuota.DEFAULT_FILES : dataDirFiles));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(prefix + "data-dir: " + e.getMessage(), e);
            }
        } else if (dataDirFiles != null) {
            throw new IllegalArgumentException(prefix + "data-dir-files: needs " + prefix + "data-dir");
        }
        if (events != null) {
            try {
                grant.events(events.toGrant());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(prefix + "events: " + e.getMessage(), e);
            }
        }
        if (kv != null) {
            try {
                grant.kv(kv.toQuota());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(prefix + "kv: " + e.getMessage(), e);
            }
        }
        try {
            grant.env(new EnvironmentGrant(envValues, new LinkedHashSet<>(env)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + "env: " + e.getMessage(), e);
        }
    }

    private static <R> void rules(String property, List<String> texts, Function<String, R> parse, Consumer<R> add) {
        for (int i = 0; i < texts.size(); i++) {
            rule(property + "[" + i + "]", texts.get(i), parse, add);
        }
    }

    private static <R> void rule(String property, String text, Function<String, R> parse, Consumer<R> add) {
        try {
            add.accept(parse.apply(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }

    public List<String> getFs() {
        return fs;
    }

    public void setFs(List<String> fs) {
        this.fs = fs;
    }

    public List<String> getNet() {
        return net;
    }

    public void setNet(List<String> net) {
        this.net = net;
    }

    public List<String> getHostFunctions() {
        return hostFunctions;
    }

    public void setHostFunctions(List<String> hostFunctions) {
        this.hostFunctions = hostFunctions;
    }

    public ClockAccess getClock() {
        return clock;
    }

    public void setClock(ClockAccess clock) {
        this.clock = clock;
    }

    public RandomSource getRandom() {
        return random;
    }

    public void setRandom(RandomSource random) {
        this.random = random;
    }

    public EventsGrantProperties getEvents() {
        return events;
    }

    public void setEvents(EventsGrantProperties events) {
        this.events = events;
    }

    /** {@code plinth.grants.<plugin>.events.*}. */
    public static class EventsGrantProperties {
        /** Patterns of the types it may emit, such as order.* or *. */
        private List<String> emit = new ArrayList<>();
        /** Patterns of the published types it receives in plinth_on_event. */
        private List<String> subscribe = new ArrayList<>();
        /** The most events one call may emit. */
        private int maxEmitsPerCall = dev.plinth.security.policy.EventsGrant.DEFAULT_EMITS_PER_CALL;
        /** The largest payload, such as 64KB. */
        private String maxPayloadSize = "64KB";

        dev.plinth.security.policy.EventsGrant toGrant() {
            return new dev.plinth.security.policy.EventsGrant(emit, subscribe, maxEmitsPerCall,
                    DataSize.parse(maxPayloadSize).toBytes());
        }

        public List<String> getEmit() {
            return emit;
        }

        public void setEmit(List<String> emit) {
            this.emit = emit;
        }

        public List<String> getSubscribe() {
            return subscribe;
        }

        public void setSubscribe(List<String> subscribe) {
            this.subscribe = subscribe;
        }

        public int getMaxEmitsPerCall() {
            return maxEmitsPerCall;
        }

        public void setMaxEmitsPerCall(int maxEmitsPerCall) {
            this.maxEmitsPerCall = maxEmitsPerCall;
        }

        public String getMaxPayloadSize() {
            return maxPayloadSize;
        }

        public void setMaxPayloadSize(String maxPayloadSize) {
            this.maxPayloadSize = maxPayloadSize;
        }
    }

    public KvGrant getKv() {
        return kv;
    }

    public void setKv(KvGrant kv) {
        this.kv = kv;
    }

    /** {@code plinth.grants.<plugin>.kv.*}: the bounds of a granted key-value store; unset ones take the defaults. */
    public static class KvGrant {
        /** The most keys (default 1000). */
        private Long maxKeys;
        /** The longest key, such as 256B (the default; at most 1KB). */
        private String maxKeySize;
        /** The largest value, such as 64KB (the default). */
        private String maxValueSize;
        /** The most bytes of keys and values together, such as 1MB (the default). */
        private String maxTotalSize;

        dev.plinth.api.kv.KvQuota toQuota() {
            dev.plinth.api.kv.KvQuota d = dev.plinth.api.kv.KvQuota.DEFAULTS;
            return new dev.plinth.api.kv.KvQuota(maxKeys == null ? d.maxKeys() : maxKeys,
                    size(maxKeySize, d.maxKeyBytes()), size(maxValueSize, d.maxValueBytes()),
                    size(maxTotalSize, d.maxTotalBytes()));
        }

        private static long size(String text, long fallback) {
            return text == null ? fallback : DataSize.parse(text).toBytes();
        }

        public Long getMaxKeys() {
            return maxKeys;
        }

        public void setMaxKeys(Long maxKeys) {
            this.maxKeys = maxKeys;
        }

        public String getMaxKeySize() {
            return maxKeySize;
        }

        public void setMaxKeySize(String maxKeySize) {
            this.maxKeySize = maxKeySize;
        }

        public String getMaxValueSize() {
            return maxValueSize;
        }

        public void setMaxValueSize(String maxValueSize) {
            this.maxValueSize = maxValueSize;
        }

        public String getMaxTotalSize() {
            return maxTotalSize;
        }

        public void setMaxTotalSize(String maxTotalSize) {
            this.maxTotalSize = maxTotalSize;
        }
    }

    public String getDataDir() {
        return dataDir;
    }

    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }

    public Long getDataDirFiles() {
        return dataDirFiles;
    }

    public void setDataDirFiles(Long dataDirFiles) {
        this.dataDirFiles = dataDirFiles;
    }

    public List<String> getEnv() {
        return env;
    }

    public void setEnv(List<String> env) {
        this.env = env;
    }

    public Map<String, String> getEnvValues() {
        return envValues;
    }

    public void setEnvValues(Map<String, String> envValues) {
        this.envValues = envValues;
    }

    public boolean isHttpResponseHeaders() {
        return httpResponseHeaders;
    }

    public void setHttpResponseHeaders(boolean httpResponseHeaders) {
        this.httpResponseHeaders = httpResponseHeaders;
    }
}
