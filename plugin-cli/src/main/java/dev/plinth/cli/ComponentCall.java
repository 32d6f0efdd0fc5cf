package dev.plinth.cli;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.component.json.JsonValueException;
import dev.plinth.component.json.ValueJson;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.value.InvalidValueException;
import dev.plinth.component.value.Value;
import dev.plinth.host.ComponentCalls;
import dev.plinth.host.PluginHost;
import dev.plinth.host.PluginVersion;
import dev.plinth.security.audit.AuditEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import tools.jackson.databind.JsonNode;

/**
 * {@code plinth call} of a component that the engine has loaded (with its grants, limits, WASI and plinth.wit's
 * services, as a host would): reads the arguments from JSON by the export's parameter types, calls the export once
 * through {@link ComponentCalls} and prints its result as JSON (docs/components.md, "JSON mapping"). Arguments
 * that do not fit are usage errors naming the parameter and the path; what the component was refused during the
 * call (a file outside its grant) is printed as a warning from the audit log.
 */
final class ComponentCall {
    private final CommandLine command;
    private final String function;
    private final Consumer<String> warn;

    ComponentCall(CommandLine command, String function, Consumer<String> warn) {
        this.command = command;
        this.function = function;
        this.warn = warn;
    }

    /** Calls {@code loaded}'s export with {@code argsJson} (null: no arguments); the result goes to stdout. */
    int run(PluginHost host, PluginVersion loaded, String argsJson, Io io, ErrorReporter errors) {
        ComponentCalls calls = host.component(loaded.name());
        Map<String, FuncType> exports = calls.functions();
        String name = resolve(exports);
        if (name == null) {
            return errors.report(ErrorCode.NOT_FOUND, "the component exports no function \"" + function + "\"; it"
                    + " exports " + (exports.isEmpty() ? "none" : new java.util.TreeMap<>(exports).entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue().wit()).collect(Collectors.joining("; "))));
        }
        FuncType type = exports.get(name);
        List<Value> args;
        try {
            args = ValueJson.arguments(argsJson == null ? "[]" : argsJson, type);
        } catch (JsonValueException e) {
            throw new ParameterException(command, "--args for " + name + ": " + e.getMessage());
        }
        List<AuditEntry> audited = host.auditLog().recent(loaded.name(), host.auditLog().capacity());
        List<Value> results;
        try {
            results = CallWatchdog.run(() -> calls.call(name, args), loaded.limits().callTimeout(),
                    loaded.name() + "." + name);
        } catch (InvalidValueException e) {
            throw new ParameterException(command, "--args for " + name + ": " + e.getMessage());
        } catch (PluginException e) {
            return errors.report(e);
        } finally {
            warnAboutRefusals(host, loaded.name(), audited);
        }
        JsonNode json = ValueJson.results(results, type);
        if (!type.results().isEmpty()) {
            OutputSink.write(io, (json.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return ExitCodes.OK;
    }

    /** The refusals audited during the call (the guest was told no, and carried on): one warning each. */
    private void warnAboutRefusals(PluginHost host, String plugin, List<AuditEntry> before) {
        java.util.Set<AuditEntry> earlier = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        earlier.addAll(before);
        for (AuditEntry e : host.auditLog().recent(plugin, host.auditLog().capacity())) {
            if (!earlier.contains(e) && e.what() == ErrorCode.PERMISSION_DENIED) {
                warn.accept("refused: " + e.describe());
            }
        }
    }

    /**
     * The export {@code function} names: itself, or the one function of an exported interface with that
     * name ({@code process} for {@code my:app/api@1.0.0#process}) when exactly one has it.
     */
    private String resolve(Map<String, FuncType> exports) {
        if (exports.containsKey(function)) {
            return function;
        }
        List<String> qualified = exports.keySet().stream().filter(n -> n.endsWith("#" + function)).toList();
        return qualified.size() == 1 ? qualified.get(0) : null;
    }
}
