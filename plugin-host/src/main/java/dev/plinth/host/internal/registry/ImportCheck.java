package dev.plinth.host.internal.registry;

import com.dylibso.chicory.wasm.types.FunctionType;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.api.host.HostFunction;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.unit.TextCap;
import dev.plinth.abi.ExtismKernel;
import dev.plinth.abi.UserFunctions;
import dev.plinth.abi.WasiModule;
import dev.plinth.host.internal.engine.CompiledModule;
import dev.plinth.security.policy.EffectiveGrants;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks, before anything runs, that every import of a module can be satisfied: the Extism ABI
 * with the right types, WASI, and only those application host functions that exist, that the
 * plugin asked for and that the operator's policy granted it. Returns the host functions to link.
 */
final class ImportCheck {
    private ImportCheck() {
    }

    static List<HostFunction> check(CompiledModule module, PluginManifest manifest, EffectiveGrants grants,
            Map<String, HostFunction> offered, String label) {
        return check(module.imports(), manifest, grants, offered, label);
    }

    /**
     * {@link #check(CompiledModule, PluginManifest, EffectiveGrants, Map, String)} of some of a
     * module's function imports, as {@code module -> (name -> type)}: those that no other module of
     * the plugin provides ({@link ModuleLinks}).
     */
    static List<HostFunction> check(Map<String, Map<String, FunctionType>> imports, PluginManifest manifest,
            EffectiveGrants grants, Map<String, HostFunction> offered, String label) {
        List<HostFunction> linked = new ArrayList<>();
        for (Map.Entry<String, Map<String, FunctionType>> byModule : imports.entrySet()) {
            String importModule = byModule.getKey();
            for (Map.Entry<String, FunctionType> imp : byModule.getValue().entrySet()) {
                String name = imp.getKey();
                FunctionType type = imp.getValue();
                switch (importModule) {
                    case ExtismKernel.MODULE -> requireType(label, importModule, name, type,
                            ExtismKernel.SIGNATURES.get(name), "is not part of the Extism ABI");
                    case WasiModule.MODULE -> {
                        // Chicory's WASI provides every preview-1 function and checks types when linking.
                    }
                    case UserFunctions.MODULE -> linked.add(userFunction(label, manifest, grants, offered, name, type));
                    default -> throw new InvalidModuleException(label + " imports " + shown(importModule) + "." + shown(name)
                            + ", which no Plinth host provides; plugins may import only " + ExtismKernel.MODULE
                            + ", " + UserFunctions.MODULE + " and " + WasiModule.MODULE);
                }
            }
        }
        return linked;
    }

    private static HostFunction userFunction(String label, PluginManifest manifest, EffectiveGrants grants,
            Map<String, HostFunction> offered, String name, FunctionType type) {
        HostFunction function = offered.get(name);
        if (function == null) {
            throw new InvalidModuleException(label + " imports host function " + UserFunctions.MODULE + "."
                    + shown(name) + ", which this application does not provide (it provides: "
                    + (offered.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(offered.keySet()))) + ")");
        }
        if (!manifest.permissions().hostFunctions().contains(name)) {
            throw new PermissionDeniedException(label + " imports host function " + name + " but its manifest does"
                    + " not ask for it; add it to permissions.host-functions");
        }
        if (!grants.allowsHostFunction(name)) {
            throw new PermissionDeniedException(label + " imports host function " + name + ", which its manifest"
                    + " asks for but the security policy does not grant to plugin " + manifest.name()
                    + "; grant it in the policy (host-functions = [\"" + name + "\"])");
        }
        requireType(label, UserFunctions.MODULE, name, type, UserFunctions.typeOf(function), "is unknown");
        return function;
    }

    /** An import name as messages show it: the module chose it, and it may be long. */
    private static String shown(String name) {
        return TextCap.chars(name, 128);
    }

    private static void requireType(String label, String module, String name, FunctionType actual,
            FunctionType expected, String unknownProblem) {
        if (expected == null) {
            throw new InvalidModuleException(label + " imports " + module + "." + shown(name) + ", which "
                    + unknownProblem);
        }
        if (!actual.typesMatch(expected)) {
            throw new InvalidModuleException(label + " imports " + module + "." + name + " as " + actual
                    + ", but the host defines it as " + expected);
        }
    }
}
