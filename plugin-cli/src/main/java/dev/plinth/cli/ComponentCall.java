package dev.plinth.cli;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.component.Component;
import dev.plinth.component.ComponentInstance;
import dev.plinth.component.ComponentOptions;
import dev.plinth.component.json.JsonValueException;
import dev.plinth.component.json.ValueJson;
import dev.plinth.component.type.ComponentType;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.value.InvalidValueException;
import dev.plinth.component.value.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import tools.jackson.databind.JsonNode;

/**
 * {@code plinth call} of a component: parses and instantiates it through the component module (an
 * instance of its own, under the component limits below and the call's deadline), reads the arguments
 * from JSON by the export's parameter types, calls the export once and prints its result as JSON
 * (docs/components.md, "JSON mapping"). Arguments that do not fit are usage errors naming the parameter
 * and the path; a guest trap or broken canonical-ABI rule is {@code trap}.
 */
final class ComponentCall {
    /** The largest string, in bytes, lifted or lowered in one value. */
    static final long MAX_STRING_BYTES = 16L << 20;
    /** The longest list lifted or lowered. */
    static final long MAX_LIST_LENGTH = 1L << 20;
    /** List elements and string bytes over the whole call. */
    static final long MAX_TOTAL_UNITS = 64L << 20;

    private final CommandLine command;
    private final Path file;
    private final String function;
    private final Duration timeout;
    private final boolean interpreter;

    ComponentCall(CommandLine command, Path file, String function, Duration timeout, boolean interpreter) {
        this.command = command;
        this.file = file;
        this.function = function;
        this.timeout = timeout;
        this.interpreter = interpreter;
    }

    /** Runs the call with {@code argsJson} (null: no arguments); the result goes to stdout. */
    int run(String argsJson, Io io, ErrorReporter errors) {
        Component component;
        try {
            component = Component.parse(ComponentFiles.read(file));
        } catch (IOException e) {
            throw new ParameterException(command, "cannot read " + file + ": " + e.getMessage());
        }
        ComponentOptions options = ComponentOptions.defaults()
                .withLimits(MAX_STRING_BYTES, MAX_LIST_LENGTH, MAX_TOTAL_UNITS);
        if (!interpreter) {
            options = options.withMachineFactory(MachineFactoryCompiler::compile);
        }
        Map<String, FuncType> exports;
        try {
            exports = exports(component.type());
        } catch (PluginException e) {
            return errors.report(e);
        }
        String name = resolve(exports);
        if (name == null) {
            return errors.report(ErrorCode.NOT_FOUND, "the component exports no function \"" + function + "\"; it"
                    + " exports " + (exports.isEmpty() ? "none" : exports.entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue().wit()).collect(Collectors.joining("; "))));
        }
        FuncType type = exports.get(name);
        List<Value> args;
        try {
            args = ValueJson.arguments(argsJson == null ? "[]" : argsJson, type);
        } catch (JsonValueException e) {
            throw new ParameterException(command, "--args for " + name + ": " + e.getMessage());
        }
        ComponentOptions limits = options;
        List<Value> results;
        try {
            // Instantiating runs guest code too (core start functions): both under the deadline.
            results = CallWatchdog.run(() -> component.instantiate(limits).call(name, args), timeout,
                    file.getFileName() + " " + name);
        } catch (InvalidValueException e) {
            throw new ParameterException(command, "--args for " + name + ": " + e.getMessage());
        } catch (PluginException e) {
            return errors.report(e);
        }
        JsonNode json = ValueJson.results(results, type);
        if (!type.results().isEmpty()) {
            OutputSink.write(io, (json.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return ExitCodes.OK;
    }

    /** The exported functions by the names {@link ComponentInstance#exports()} gives them ({@code iface#name}). */
    private static Map<String, FuncType> exports(ComponentType type) {
        Map<String, FuncType> functions = new TreeMap<>();
        for (ComponentType.Item item : type.exports()) {
            if (item instanceof ComponentType.Func f) {
                functions.put(f.name(), f.type());
            } else if (item instanceof ComponentType.Instance i) {
                for (ComponentType.Item member : i.items()) {
                    if (member instanceof ComponentType.Func f) {
                        functions.put(i.name() + "#" + f.name(), f.type());
                    }
                }
            }
        }
        return functions;
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
