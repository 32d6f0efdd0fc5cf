package dev.plinth.spring.properties;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Everything under {@code plinth.*}: where plugins live, how they run, how new versions roll out,
 * and which plugins the application cannot do without. Every setting has a default, so an
 * application with no {@code plinth} configuration at all starts (with whatever is in
 * {@code ./plugins}, or nothing).
 */
@ConfigurationProperties("plinth")
public class PlinthProperties {

    /** Whether Plinth is set up at all; false leaves every Plinth bean out. */
    private boolean enabled = true;

    @NestedConfigurationProperty
    private final PluginsProperties plugins = new PluginsProperties();

    @NestedConfigurationProperty
    private final EngineProperties engine = new EngineProperties();

    @NestedConfigurationProperty
    private final LimitsProperties limits = new LimitsProperties();

    @NestedConfigurationProperty
    private final ReloadProperties reload = new ReloadProperties();

    @NestedConfigurationProperty
    private final CanaryProperties canary = new CanaryProperties();

    @NestedConfigurationProperty
    private final HealthProperties health = new HealthProperties();

    @NestedConfigurationProperty
    private final WebProperties web = new WebProperties();

    @NestedConfigurationProperty
    private final SignaturesProperties signatures = new SignaturesProperties();

    @NestedConfigurationProperty
    private final MetricsProperties metrics = new MetricsProperties();

    /** Where plugins' key-value stores are kept (plinth:host/kv). */
    private final KvProperties kv = new KvProperties();

    /**
     * The operator's security policy file (TOML: [deny], [ceilings], [default], [plugins.NAME]).
     * Unset: the default policy, which grants nothing (no files, no network, no host functions)
     * and lets a plugin ask for less than plinth.limits.* but not more.
     */
    private Path policyFile;

    /**
     * The directory under which each plugin granted a data directory (data-dir) gets one of its
     * own, named after it and kept across reloads, seen by the plugin at /data. Unset: none, and a
     * plugin granted one fails to load saying so.
     */
    private Path dataDir;

    /** WIT packages the host provides to component plugins' {@code [plugin] world} ({@code plinth.wit.path}). */
    private final Wit wit = new Wit();

    /**
     * Grants by plugin name, on top of the policy file or the default policy: file-system and
     * network rules, host functions, clock and random.
     */
    private final Map<String, GrantProperties> grants = new LinkedHashMap<>();

    /**
     * Config values handed to every plugin through config_get, overriding the same keys of
     * each plugin's [config] table.
     */
    private final Map<String, String> configOverrides = new LinkedHashMap<>();

    public Map<String, GrantProperties> getGrants() {
        return grants;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public PluginsProperties getPlugins() {
        return plugins;
    }

    public EngineProperties getEngine() {
        return engine;
    }

    public LimitsProperties getLimits() {
        return limits;
    }

    public ReloadProperties getReload() {
        return reload;
    }

    public CanaryProperties getCanary() {
        return canary;
    }

    public HealthProperties getHealth() {
        return health;
    }

    public WebProperties getWeb() {
        return web;
    }

    public SignaturesProperties getSignatures() {
        return signatures;
    }

    public KvProperties getKv() {
        return kv;
    }

    public MetricsProperties getMetrics() {
        return metrics;
    }

    public Path getPolicyFile() {
        return policyFile;
    }

    public void setPolicyFile(Path policyFile) {
        this.policyFile = policyFile;
    }

    public Wit getWit() {
        return wit;
    }

    /**
     * {@code plinth.wit.*}: where the worlds that component plugins name in {@code [plugin] world} are found when
     * their manifest brings no {@code wit} of its own.
     */
    public static class Wit {
        /**
         * WIT package directories (their .wit files and deps/), single .wit files, or directories of packages; the
         * package is found by namespace and name, its version by Cargo's caret rule.
         */
        private java.util.List<Path> path = new java.util.ArrayList<>();

        public java.util.List<Path> getPath() {
            return path;
        }

        public void setPath(java.util.List<Path> path) {
            this.path = path;
        }
    }

    public Path getDataDir() {
        return dataDir;
    }

    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Map<String, String> getConfigOverrides() {
        return configOverrides;
    }
}
