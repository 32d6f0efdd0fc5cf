package dev.plinth.cli;

import dev.plinth.api.error.PluginException;
import dev.plinth.api.manifest.DenyRules;
import dev.plinth.api.manifest.ExportDeclaration;
import dev.plinth.api.manifest.HostApi;
import dev.plinth.api.manifest.Permissions;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.unit.DurationText;
import dev.plinth.host.ModuleReport.ExportEntry;
import dev.plinth.host.ModuleReport.ImportEntry;
import dev.plinth.host.ModuleReport.MemoryInfo;
import dev.plinth.host.ModuleReport;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.wasm.shape.ModuleShape;
import java.util.Collection;
import java.util.Locale;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code plinth inspect --json}: the report as a JSON document whose field names are a stable
 * contract (camelCase, documented in the README), built field by field rather than by reflection
 * so that refactoring the Java records cannot change it by accident.
 */
final class ReportJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ReportJson() {
    }

    static String toJson(ModuleReport report) {
        return toJson(report, null, null);
    }

    /** The report with a {@code grants} object (see {@link EffectiveGrants#toMap()}) and the {@code policy} it is under. */
    static String toJson(ModuleReport report, EffectiveGrants grants, String policyLabel) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("source", report.source().toString());
        root.put("wasm", report.wasm().toString());
        root.put("bare", report.bare());
        manifest(root.putObject("manifest"), report.manifest());
        root.put("sha256", report.sha256());
        root.put("size", report.size());
        ArrayNode exports = root.putArray("exports");
        for (ExportEntry e : report.exports()) {
            exports.addObject()
                    .put("name", e.name())
                    .put("kind", e.kind().word())
                    .put("type", e.type())
                    .put("callable", e.callable());
        }
        ArrayNode imports = root.putArray("imports");
        for (ImportEntry i : report.imports()) {
            ObjectNode node = imports.addObject()
                    .put("module", i.module())
                    .put("name", i.name())
                    .put("kind", i.kind().word())
                    .put("type", i.type())
                    .put("status", i.status().word())
                    .put("ok", i.status().ok());
            i.expectedType().ifPresent(t -> node.put("expectedType", t));
        }
        if (report.memory().isPresent()) {
            memory(root.putObject("memory"), report.memory().get());
        } else {
            root.putNull("memory");
        }
        ModuleShape shape = report.shape();
        root.putObject("shape")
                .put("functions", shape.functions())
                .put("instructions", shape.instructions())
                .put("largestFunctionBytes", shape.largestFunctionBytes())
                .put("deepestNesting", shape.deepestNesting())
                .put("tables", shape.tables())
                .put("tableElements", shape.tableElements())
                .put("globals", shape.globals())
                .put("instanceHostBytes", shape.instanceHostBytes())
                .put("codeHostBytes", shape.codeHostBytes());
        root.put("reactor", report.reactor());
        strings(root.putArray("initializers"), report.initializers());
        if (report.interpreter().isPresent()) {
            root.put("interpreter", report.interpreter().get());
        } else {
            root.putNull("interpreter");
        }
        root.put("extismCompatible", report.extismCompatible());
        strings(root.putArray("incompatibilities"), report.incompatibilities());
        strings(root.putArray("manifestProblems"), report.manifestProblems());
        root.put("loadable", report.loadable());
        if (grants != null) {
            root.put("policy", policyLabel);
            ObjectNode g = root.putObject("grants");
            g.setAll((ObjectNode) MAPPER.valueToTree(grants.toMap()));
            strings(g.putArray("refusedImports"), ReportPrinter.refusedImports(report, grants));
        }
        return write(root);
    }

    /** The document {@code --json} prints instead of a report when inspection fails. */
    static String error(PluginException e) {
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("error").put("code", e.code().code()).put("message", e.getMessage());
        return write(root);
    }

    private static void manifest(ObjectNode node, PluginManifest manifest) {
        node.put("name", manifest.name());
        node.put("version", manifest.version().toString());
        node.put("description", manifest.description());
        node.put("entrypoint", manifest.entrypoint());
        node.put("hostApi", manifest.hostApi().toString());
        node.put("hostApiSupported", HostApi.supports(manifest.hostApi()));
        ObjectNode exports = node.putObject("exports");
        for (ExportDeclaration d : new TreeMap<>(manifest.exports()).values()) {
            exports.putObject(d.name())
                    .put("input", d.input().name().toLowerCase(Locale.ROOT))
                    .put("output", d.output().name().toLowerCase(Locale.ROOT));
        }
        ObjectNode config = node.putObject("config");
        new TreeMap<>(manifest.config()).forEach(config::put);
        permissions(node.putObject("permissions"), manifest.permissions());
    }

    private static void permissions(ObjectNode node, Permissions asked) {
        strings(node.putArray("fs"), asked.fs());
        strings(node.putArray("net"), asked.net());
        strings(node.putArray("hostFunctions"), asked.hostFunctions().stream().sorted().toList());
        if (asked.memory().isPresent()) {
            node.put("memory", asked.memory().get().toString());
            node.put("memoryBytes", asked.memory().get().toBytes());
        } else {
            node.putNull("memory");
            node.putNull("memoryBytes");
        }
        if (asked.cpuTime().isPresent()) {
            node.put("cpuTime", DurationText.format(asked.cpuTime().get()));
            node.put("cpuTimeMillis", asked.cpuTime().get().toMillis());
        } else {
            node.putNull("cpuTime");
            node.putNull("cpuTimeMillis");
        }
        if (asked.fuel().isPresent()) {
            node.put("fuel", asked.fuel().getAsLong());
        } else {
            node.putNull("fuel");
        }
        if (asked.maxInstances().isPresent()) {
            node.put("maxInstances", asked.maxInstances().getAsInt());
        } else {
            node.putNull("maxInstances");
        }
        DenyRules deny = asked.deny();
        ObjectNode denyNode = node.putObject("deny");
        strings(denyNode.putArray("fs"), deny.fs());
        strings(denyNode.putArray("net"), deny.net());
    }

    private static void memory(ObjectNode node, MemoryInfo memory) {
        node.put("initialPages", memory.initialPages());
        node.put("initialBytes", memory.initialBytes());
        if (memory.maxPages().isPresent()) {
            node.put("maxPages", memory.maxPages().getAsInt());
        } else {
            node.putNull("maxPages");
        }
        if (memory.exportedAs().isPresent()) {
            node.put("exportedAs", memory.exportedAs().get());
        } else {
            node.putNull("exportedAs");
        }
        node.put("imported", memory.imported());
    }

    private static void strings(ArrayNode array, Collection<?> items) {
        items.forEach(item -> array.add(item.toString()));
    }

    private static String write(ObjectNode root) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
