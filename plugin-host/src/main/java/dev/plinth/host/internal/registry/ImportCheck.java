package dev.plinth.host.internal.registry;

import com.dylibso.chicory.wasm.types.FunctionType;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.api.host.HostFunctionName;
import dev.plinth.api.host.RawHostFunction;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.unit.TextCap;
import dev.plinth.abi.ExtismKernel;
import dev.plinth.abi.EventFunctions;
import dev.plinth.abi.KvFunctions;
import dev.plinth.abi.UserFunctions;
import dev.plinth.abi.WasiModule;
import dev.plinth.host.internal.engine.CompiledModule;
import dev.plinth.security.policy.EffectiveGrants;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks, before anything runs, that every import of a module can be satisfied: the Extism ABI
 * with the right types, WASI, and only those application host functions (in any other namespace)
 * that exist, that the plugin asked for (a bare module asks for nothing: its grant decides) and that
 * the operator's policy granted it, each imported with exactly its declared signature. Returns the
 * host functions to link.
 */
final class ImportCheck {
    private ImportCheck() {
    }

    static List<RawHostFunction> check(CompiledModule module, PluginManifest manifest, EffectiveGrants grants,
            Map<HostFunctionName, RawHostFunction> offered, String label) {
        return check(module.imports(), manifest, grants, offered, label);
    }

    /**
     * {@link #check(CompiledModule, PluginManifest, EffectiveGrants, Map, String)} of some of a
     * module's function imports, as {@code module -> (name -> type)}: those that no other module of
     * the plugin provides ({@link ModuleLinks}).
     */
    static List<RawHostFunction> check(Map<String, Map<String, FunctionType>> imports, PluginManifest manifest,
            EffectiveGrants grants, Map<HostFunctionName, RawHostFunction> offered, String label) {
        List<RawHostFunction> linked = new ArrayList<>();
        for (Map.Entry<String, Map<String, FunctionType>> byModule : imports.entrySet()) {
            String importModule = byModule.getKey();
            for (Map.Entry<String, FunctionType> imp : byModule.getValue().entrySet()) {
                String name = imp.getKey();
                FunctionType type = imp.getValue();
                switch (importModule) {
                    case ExtismKernel.MODULE -> requireType(label, importModule, name, type,
                            ExtismKernel.SIGNATURES.get(name));
                    case WasiModule.MODULE -> {
                        // Chicory's WASI provides every preview-1 function and checks types when linking.
                    }
                    case KvFunctions.MODULE -> kv(label, manifest, grants, name, type);
                    case EventFunctions.MODULE -> events(label, manifest, grants, name, type);
                    default -> linked.add(userFunction(label, manifest, grants, offered, importModule, name, type));
                }
            }
        }
        return linked;
    }

    /**
     * An import of {@code plinth:host/kv}: refused at load unless the plugin asked for a store
     * ({@code kv} in its manifest; a bare module asks for what it is granted) and the policy granted it.
     */
    private static void kv(String label, PluginManifest manifest, EffectiveGrants grants, String name,
            FunctionType type) {
        FunctionType expected = KvFunctions.SIGNATURES.get(name);
        if (expected == null) {
            throw new InvalidModuleException(label + " imports " + KvFunctions.MODULE + "." + shown(name)
                    + ", which is not a key-value function (there are: "
                    + String.join(", ", KvFunctions.SIGNATURES.keySet()) + ")");
        }
        if (grants.kv().isEmpty()) {
            boolean asked = manifest.bare() || manifest.permissions().kv().isPresent();
            throw new PermissionDeniedException(label + " imports " + KvFunctions.MODULE + "." + name + ", but "
                    + (asked ? "the security policy does not grant plugin " + manifest.name() + " a key-value store;"
                            + " grant it in the policy (kv = { max-keys = 1000 })"
                            : "its manifest does not ask for a key-value store; add it to [permissions]"
                                    + " (kv = { max-keys = 1000, max-value-size = \"64KB\" })"));
        }
        requireType(label, KvFunctions.MODULE, name, type, expected);
    }

    /**
     * An import of {@code plinth:host/events}: refused at load unless the plugin asked for events
     * to emit and the policy granted at least one of them.
     */
    private static void events(String label, PluginManifest manifest, EffectiveGrants grants, String name,
            FunctionType type) {
        FunctionType expected = EventFunctions.SIGNATURES.get(name);
        if (expected == null) {
            throw new InvalidModuleException(label + " imports " + EventFunctions.MODULE + "." + shown(name)
                    + ", which is not an event function (there are: "
                    + String.join(", ", EventFunctions.SIGNATURES.keySet()) + ")");
        }
        if (grants.events().map(g -> g.emit().isEmpty()).orElse(true)) {
            boolean asked = manifest.bare() || manifest.permissions().events().map(e -> !e.emit().isEmpty())
                    .orElse(false);
            throw new PermissionDeniedException(label + " imports " + EventFunctions.MODULE + "." + name + ", but "
                    + (asked ? "the security policy grants plugin " + manifest.name() + " no event type to emit;"
                            + " grant them in the policy (events = { emit = [\"order.*\"] })"
                            : "its manifest asks to emit no events; add them to [permissions]"
                                    + " (events = { emit = [\"order.*\"] })"));
        }
        requireType(label, EventFunctions.MODULE, name, type, expected);
    }

    private static RawHostFunction userFunction(String label, PluginManifest manifest, EffectiveGrants grants,
            Map<HostFunctionName, RawHostFunction> offered, String namespace, String name, FunctionType type) {
        RawHostFunction function = find(offered, namespace, name);
        if (function == null) {
            throw new InvalidModuleException(label + " imports " + shown(namespace) + "." + shown(name) + ", a host"
                    + " function this application does not provide (it provides: " + provided(offered) + "); plugins"
                    + " may import the Extism ABI (" + ExtismKernel.MODULE + "), WASI (" + WasiModule.MODULE + ") and"
                    + " the application's host functions, in any namespace");
        }
        String key = HostFunctionName.of(namespace, name).key();
        if (!manifest.bare() && !manifest.permissions().hostFunctions().contains(key)) {
            throw new PermissionDeniedException(label + " imports host function " + key + " but its manifest does"
                    + " not ask for it; add it to permissions.host-functions (host-functions = [\"" + key + "\"])");
        }
        if (!grants.allowsHostFunction(key)) {
            throw new PermissionDeniedException(label + " imports host function " + key + ", which "
                    + (manifest.bare() ? "the security policy does not grant to the bare module " + manifest.name()
                            + " (a bare module gets the host functions its grant names)"
                            : "its manifest asks for but the security policy does not grant to plugin " + manifest.name())
                    + "; grant it in the policy (host-functions = [\"" + key + "\"])");
        }
        FunctionType declared = UserFunctions.typeOf(function);
        if (!type.typesMatch(declared)) {
            throw new InvalidModuleException(label + " imports host function " + key + " as "
                    + UserFunctions.typeText(type) + ", but the application defines it as "
                    + UserFunctions.typeText(declared) + "; the plugin and the host must agree on the signature");
        }
        return function;
    }

    /** The offered function at this import, or {@code null}; a namespace no function may live in has none. */
    private static RawHostFunction find(Map<HostFunctionName, RawHostFunction> offered, String namespace,
            String name) {
        try {
            return offered.get(HostFunctionName.of(namespace, name));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String provided(Map<HostFunctionName, RawHostFunction> offered) {
        if (offered.isEmpty()) {
            return "none";
        }
        List<String> keys = new TreeSet<>(offered.keySet()).stream().map(HostFunctionName::key).toList();
        return TextCap.chars(String.join(", ", keys), 512);
    }

    /** An import name as messages show it: the module chose it, and it may be long. */
    private static String shown(String name) {
        return TextCap.chars(name, 128);
    }

    private static void requireType(String label, String module, String name, FunctionType actual,
            FunctionType expected) {
        if (expected == null) {
            throw new InvalidModuleException(label + " imports " + module + "." + shown(name) + ", which is not part"
                    + " of the Extism ABI");
        }
        if (!actual.typesMatch(expected)) {
            throw new InvalidModuleException(label + " imports " + module + "." + name + " as " + actual
                    + ", but the host defines it as " + expected);
        }
    }
}
