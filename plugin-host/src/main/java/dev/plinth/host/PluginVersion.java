package dev.plinth.host;

import dev.plinth.api.CallResult;
import dev.plinth.api.PluginError;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionId;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.lifecycle.PluginMetadata;
import dev.plinth.api.PluginVars;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.policy.Grants;
import dev.plinth.security.policy.SecurityPolicy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One loaded, checked and instantiated version of a plugin, ready to take calls. Registries decide
 * which version serves; this is the version itself. Thread-safe.
 */
public interface PluginVersion extends AutoCloseable {
    String name();

    /** The version string from the manifest. */
    String version();

    PluginManifest manifest();

    /** Hex SHA-256 of the wasm bytes (for a plugin of several modules, of one line per module). */
    String sha256();

    /**
     * Hex SHA-256 over every file of the source it was loaded from (manifest, modules,
     * signatures), taken before its modules were read: what {@link VersionInfo#digest()} shows and
     * what tells apart builds with the same version string.
     */
    String digest();

    /** Its version and digest, written {@code 0.1.0@1a2b3c4d}. */
    default VersionId versionId() {
        return new VersionId(version(), digest());
    }

    /** The plugin directory or bare {@code .wasm} it came from. */
    Path source();

    Instant loadedAt();

    /** The exports callers may invoke, sorted. */
    List<String> exports();

    /**
     * The lifecycle exports it has ({@code plinth_initialize}, {@code plinth_metadata},
     * {@code plinth_status}, {@code plinth_shutdown}), which the host calls and callers cannot;
     * see {@link dev.plinth.api.lifecycle.LifecycleExports}. For a component, the functions of
     * {@code plinth:plugin/lifecycle} it exports, by full name
     * ({@code plinth:plugin/lifecycle@0.1.0#initialize}), sorted. The default has none.
     */
    default List<String> lifecycleExports() {
        return List.of();
    }

    /**
     * What its {@code plinth_metadata} export returned at load, checked against its manifest;
     * empty when it has no such export.
     */
    default Optional<PluginMetadata> metadata() {
        return Optional.empty();
    }

    /**
     * Calls its {@code plinth_status} export now and returns the JSON it gave, compacted; empty
     * when it has no such export.
     *
     * @throws dev.plinth.api.error.PluginException when the call fails or does not return JSON
     */
    default Optional<String> status() {
        return Optional.empty();
    }

    /** The limits it runs under. */
    PluginLimits limits();

    /**
     * Its signature state when it was loaded: {@code verified}, {@code unsigned}, {@code invalid},
     * {@code untrusted-key} (the last three only where signatures are {@code warn}), or
     * {@code unchecked} where signatures are off.
     */
    default String signatureState() {
        return "unchecked";
    }

    /**
     * What the operator's policy gives it: the rules, host functions and limits in effect, and
     * what its manifest asked for and did not get. Versions loaded by a {@link PluginEngine}
     * return the grants they were loaded with; the default (for other implementations) computes
     * them under {@link SecurityPolicy#STRICT}.
     */
    default EffectiveGrants grants() {
        return Grants.effective(manifest(), SecurityPolicy.STRICT);
    }

    /**
     * Runs one call on an instance from this version's pool.
     *
     * @throws dev.plinth.api.error.PluginException with a stable code for every failure
     */
    CallResult call(String function, byte[] input);

    /** The most recent call error, if any. */
    Optional<PluginError> lastError();

    /**
     * The plugin's vars, which the guest reads and writes with {@code var_get}/{@code var_set}: read
     * and preset them here between calls. They belong to the plugin, not to this version: every
     * version of it that an engine loads shares them (see {@link PluginEngine#vars}). The default
     * (for other implementations) holds nothing.
     */
    default PluginVars vars() {
        return PluginVars.none();
    }

    /**
     * This version's call statistics, which it records every call in: what the canary judge, the
     * actuator and the meters read.
     */
    CallStats callStats();

    /** This version as a registry lists it, in the given status (with all of its plugin's calls when it serves). */
    VersionInfo info(PluginStatus status);

    /** Instances alive now, idle and busy. */
    int liveInstances();

    /** Instances running a call now. */
    int busyInstances();

    /**
     * Makes idle instances ahead of calls until {@code instances} are alive (never more than its
     * max-instances), so that the first burst of concurrent calls does not wait while instances are
     * made. Instances in use count as alive; none is made while every instance is busy.
     *
     * @return how many instances it made; the default (for other implementations) makes none
     * @throws dev.plinth.api.error.PluginException when an instance cannot be made, or the version was closed
     */
    default int prewarm(int instances) {
        return 0;
    }

    /**
     * The most memory any instance of this version has had after a call, in bytes: its linear
     * memory and what its tables and globals take of the host's heap ({@link #peakHostMemoryBytes}).
     */
    default long peakMemoryBytes() {
        return 0;
    }

    /**
     * The most host heap any instance's tables and globals have taken after a call, in bytes (an
     * estimate: 8 bytes a table entry, 48 a global), part of {@link #peakMemoryBytes}.
     */
    default long peakHostMemoryBytes() {
        return 0;
    }

    /**
     * How many calls had a {@code memory.grow} refused at the memory limit (or a memory's own
     * maximum). A guest may go on after a refusal, and do it on every call, so these are only
     * counted here (and logged once per version); a call that then traps is a {@code memory-limit}
     * error, audited.
     */
    default long refusedGrowthCalls() {
        return 0;
    }

    /**
     * The instructions one call may run (its fuel budget), when its calls are metered: the
     * manifest asked for fuel (capped by the grant) or the engine has a default. Empty when calls
     * are not metered, which is what the policy's fuel ceiling alone does not say: a ceiling is what
     * a plugin <em>could</em> be given. A budget the engine derives from the deadline in interpreter
     * mode is not a fuel limit and is not shown here.
     */
    default OptionalLong fuelPerCall() {
        return OptionalLong.empty();
    }

    /**
     * Why this version runs in Chicory's interpreter though its engine compiles: it uses SIMD
     * ({@code v128}), which the compiler does not support (it then runs metered, so that its
     * deadline and fuel hold). Empty when it is compiled, or the engine interprets everything.
     */
    default Optional<String> interpreter() {
        return Optional.empty();
    }

    /**
     * The typed calls of a version that is a WebAssembly component ({@link ComponentCalls}); empty for a
     * core-module (Extism ABI) plugin.
     */
    default Optional<ComponentCalls> component() {
        return Optional.empty();
    }

    /**
     * The WIT world a component version was checked against at load ({@code [plugin] world} of its manifest, as the
     * WIT names it: {@code plinth:plugin/plugin@0.1.0}); empty for a core module or a component naming none.
     */
    default Optional<String> world() {
        return Optional.empty();
    }

    /**
     * The compatibility hash of a component version's interface ({@link dev.plinth.component.contract.InterfaceHash}):
     * equal for components that export and import the same functions with the same types; empty for a core module.
     */
    default Optional<String> interfaceHash() {
        return Optional.empty();
    }

    /** A component version's imports and exports as its contract was checked; empty for a core module. */
    default Optional<dev.plinth.component.type.ComponentType> interfaceType() {
        return Optional.empty();
    }

    /** What kind of wasm it is: {@code component} (Component Model) or {@code module} (a core module, Extism ABI). */
    default String kind() {
        return component().isPresent() ? "component" : "module";
    }

    /**
     * Stops lending instances; calls in flight finish on theirs. A version loaded by a
     * {@link PluginEngine} first calls its {@code plinth_shutdown} export, if it has one, within the
     * engine's shutdown timeout ({@link PluginEngine.Builder#shutdownTimeout}).
     */
    @Override
    void close();
}
