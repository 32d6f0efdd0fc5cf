package dev.plinth.cli;

import dev.plinth.api.manifest.DenyRules;
import dev.plinth.api.manifest.ExportDeclaration;
import dev.plinth.api.manifest.HostApi;
import dev.plinth.api.manifest.Permissions;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.unit.DataSize;
import dev.plinth.api.unit.DurationText;
import dev.plinth.host.ModuleReport.ExportEntry;
import dev.plinth.host.ModuleReport.ImportEntry;
import dev.plinth.host.ModuleReport.MemoryInfo;
import dev.plinth.host.ModuleReport;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.wasm.shape.ModuleShape;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code plinth inspect} for people: the manifest, then the module, then the verdict, as aligned
 * plain text. The layout may change between versions; scripts should use {@code --json}.
 */
final class ReportPrinter {
    private static final String INDENT = "  ";

    private final PrintWriter out;

    ReportPrinter(PrintWriter out) {
        this.out = out;
    }

    void print(ModuleReport report) {
        print(report, null, null);
    }

    /** The report, with what {@code grants} (under the policy called {@code policyLabel}) gives the plugin. */
    void print(ModuleReport report, EffectiveGrants grants, String policyLabel) {
        PluginManifest manifest = report.manifest();
        List<String[]> head = new ArrayList<>();
        head.add(row("plugin", manifest.name() + " " + manifest.version()
                + (report.bare() ? "  (bare module: no plugin.toml; it asks for nothing and gets what the operator"
                        + " grants it)" : "")));
        if (!manifest.description().isEmpty()) {
            head.add(row("description", manifest.description()));
        }
        head.add(row("source", report.source().toString()));
        head.add(row("entrypoint", manifest.entrypoint()));
        head.add(row("host-api", manifest.hostApi() + "  (this host implements " + HostApi.CURRENT
                + (HostApi.supports(manifest.hostApi()) ? ")" : ": NOT SUPPORTED)")));
        head.add(row("sha256", report.sha256()));
        head.add(row("size", String.format(Locale.ROOT, "%,d bytes", report.size())));
        table(head, "");

        if (!report.bare()) {
            printDeclaredExports(manifest.exports());
            printConfig(manifest.config());
            printPermissions(manifest.permissions());
        }
        printExports(report.exports());
        printImports(report.imports());
        if (grants != null) {
            printGrants(report, grants, policyLabel);
        }
        section("Memory");
        out.println(INDENT + report.memory().map(ReportPrinter::memoryText).orElse("none"));
        out.println(INDENT + hostMemoryText(report.shape()));
        out.println(INDENT + codeText(report.shape()));
        out.println(INDENT + (report.initializers().isEmpty() ? "no runtime initializer (_initialize, hs_init,"
                + " __wasm_call_ctors) to call" : "called once per instance: " + String.join(", then ",
                        report.initializers())));
        out.println(INDENT + report.interpreter().map(reason -> "interpreter: " + reason)
                .orElse("compiled (where the engine compiles)"));
        printVerdict(report);
        out.flush();
    }

    private void printDeclaredExports(Map<String, ExportDeclaration> declared) {
        section("Declared exports (plugin.toml)");
        if (declared.isEmpty()) {
            out.println(INDENT + "none (every export takes and returns bytes)");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        new TreeMap<>(declared).forEach((name, d) -> rows.add(row(name, codec(d.input()) + " -> " + codec(d.output()))));
        table(rows, INDENT);
    }

    private void printConfig(Map<String, String> config) {
        section("Config");
        if (config.isEmpty()) {
            out.println(INDENT + "none");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        new TreeMap<>(config).forEach((key, value) -> rows.add(row(key, "= " + quote(value))));
        table(rows, INDENT);
    }

    private void printGrants(ModuleReport report, EffectiveGrants grants, String policyLabel) {
        section("Granted under the " + policyLabel);
        if (report.bare()) {
            out.println(INDENT + "a bare module gets its grant as it stands, less the deny rules (grant with the"
                    + " policy's [plugins." + report.manifest().name() + "] or --grant)");
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(row("fs", grants.fs().isEmpty() ? "none" : join(grants.fs())));
        rows.add(row("net", grants.net().isEmpty() ? "none" : join(grants.net())));
        rows.add(row("host-functions", grants.hostFunctions().isEmpty() ? "none"
                : String.join(", ", grants.hostFunctions().stream().sorted().toList())));
        grants.limits().describe().forEach((k, v) -> rows.add(row(k, v)));
        rows.add(row("clock", grants.clock().key()));
        rows.add(row("random", grants.random().key()));
        rows.add(row("http headers", grants.httpResponseHeaders() ? "returned by http_headers"
                : "not returned (http_headers gives 0)"));
        rows.add(row("data dir", grants.dataDir().map(q -> q + " at " + Permissions.DATA_DIR_PATH).orElse("none")));
        rows.add(row("env", grants.env().toString()));
        table(rows, INDENT);
        section(report.bare() ? "Granted but refused by a deny rule" : "Asked for but not granted");
        if (grants.notGranted().isEmpty()) {
            out.println(INDENT + "nothing");
        } else {
            grants.notGranted().forEach(d -> out.println(INDENT + d.describe()));
        }
        for (String refused : refusedImports(report, grants)) {
            out.println(INDENT + "would not load: imports host function " + refused
                    + ", which the policy does not grant (permission-denied)");
        }
    }

    /** Host functions the module imports that the plugin asked for but is not granted. */
    static List<String> refusedImports(ModuleReport report, EffectiveGrants grants) {
        return report.imports().stream()
                .filter(i -> i.module().equals("extism:host/user"))
                .map(ModuleReport.ImportEntry::name)
                .filter(n -> report.manifest().permissions().hostFunctions().contains(n))
                .filter(n -> !grants.allowsHostFunction(n))
                .sorted().toList();
    }

    private void printPermissions(Permissions asked) {
        section("Permissions asked for");
        List<String[]> rows = new ArrayList<>();
        if (!asked.fs().isEmpty()) {
            rows.add(row("fs", join(asked.fs())));
        }
        if (!asked.net().isEmpty()) {
            rows.add(row("net", join(asked.net())));
        }
        if (!asked.hostFunctions().isEmpty()) {
            rows.add(row("host-functions", String.join(", ", asked.hostFunctions().stream().sorted().toList())));
        }
        asked.memory().ifPresent(m -> rows.add(row("memory", m.toString())));
        asked.cpuTime().ifPresent(t -> rows.add(row("cpu-time", DurationText.format(t))));
        asked.fuel().ifPresent(f -> rows.add(row("fuel", String.format(Locale.ROOT, "%,d", f))));
        asked.maxInstances().ifPresent(n -> rows.add(row("max-instances", Integer.toString(n))));
        if (asked.httpResponseHeaders()) {
            rows.add(row("http-response-headers", "true"));
        }
        asked.dataDir().ifPresent(d -> rows.add(row("data-dir", d.toString())));
        if (!asked.env().isEmpty()) {
            rows.add(row("env", String.join(", ", asked.env())));
        }
        DenyRules deny = asked.deny();
        if (!deny.fs().isEmpty()) {
            rows.add(row("deny fs", join(deny.fs())));
        }
        if (!deny.net().isEmpty()) {
            rows.add(row("deny net", join(deny.net())));
        }
        if (rows.isEmpty()) {
            out.println(INDENT + "nothing (no files, no network, no host functions; host default limits)");
        } else {
            table(rows, INDENT);
        }
    }

    private void printExports(List<ExportEntry> exports) {
        section("Exports (* = callable by Extism hosts: () -> i32)");
        if (exports.isEmpty()) {
            out.println(INDENT + "none");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (ExportEntry e : exports) {
            rows.add(row((e.callable() ? "* " : "  ") + e.name(), e.kind().word(), e.type()));
        }
        table(rows, INDENT);
    }

    private void printImports(List<ImportEntry> imports) {
        section("Imports");
        if (imports.isEmpty()) {
            out.println(INDENT + "none");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (ImportEntry i : imports) {
            String status = i.status().ok() ? i.status().word()
                    : "PROBLEM: " + i.status().word() + i.expectedType().map(t -> ", expected " + t).orElse("");
            rows.add(row(i.qualifiedName(), i.kind() == ModuleReport.Kind.FUNCTION ? i.type()
                    : i.kind().word() + " " + i.type(), status));
        }
        table(rows, INDENT);
    }

    private void printVerdict(ModuleReport report) {
        section("Verdict");
        out.println(INDENT + "Extism-compatible: " + (report.extismCompatible() ? "yes" : "no"));
        report.incompatibilities().forEach(reason -> out.println(INDENT + "  - " + reason));
        if (!report.manifestProblems().isEmpty()) {
            out.println(INDENT + "Manifest problems:");
            report.manifestProblems().forEach(problem -> out.println(INDENT + "  - " + problem));
        }
        out.println(INDENT + "Loads in Plinth: " + (report.loadable() ? "yes" : "no")
                + (report.loadable() && report.imports().stream().anyMatch(
                        i -> i.status() == ModuleReport.ImportStatus.HOST_FUNCTION)
                        ? " (where the application offers its host functions)" : ""));
    }

    /** {@code host heap per instance: 1.2KB (100 table entries, 3 globals)}. */
    static String hostMemoryText(ModuleShape shape) {
        return "host heap per instance: " + DataSize.ofBytes(shape.instanceHostBytes()) + " ("
                + count(shape.tableElements(), "table entry", "table entries") + ", "
                + count(shape.globals(), "global", "globals") + "), beside its linear memory";
    }

    /** {@code code: 120 functions, 45,678 instructions, largest 3,456 bytes, nested 9 deep}. */
    static String codeText(ModuleShape shape) {
        return "code: " + count(shape.functions(), "function", "functions") + ", "
                + count(shape.instructions(), "instruction", "instructions") + ", largest "
                + String.format(Locale.ROOT, "%,d", shape.largestFunctionBytes()) + " bytes, nested "
                + shape.deepestNesting() + " deep; about " + DataSize.ofBytes(shape.codeHostBytes())
                + " of host heap once parsed, for all instances";
    }

    private static String count(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }

    static String memoryText(MemoryInfo memory) {
        String max = memory.maxPages().isPresent()
                ? "max " + pages(memory.maxPages().getAsInt()) + " (" + size(memory.maxPages().getAsInt()) + ")"
                : "no maximum";
        String where = memory.exportedAs().map(name -> "exported as \"" + name + "\"").orElse("not exported");
        return pages(memory.initialPages()) + " initially (" + size(memory.initialPages()) + "), " + max + ", " + where
                + (memory.imported() ? ", imported" : "");
    }

    private static String pages(int count) {
        return count == 1 ? "1 page" : count + " pages";
    }

    private static String size(long pages) {
        return DataSize.ofBytes(pages * MemoryInfo.PAGE_BYTES).toString();
    }

    private void section(String title) {
        out.println();
        out.println(title);
    }

    /** Prints rows with every column but the last padded to its widest cell. */
    private void table(List<String[]> rows, String indent) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] r : rows) {
            for (int c = 0; c < r.length - 1; c++) {
                widths[c] = Math.max(widths[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int c = 0; c < r.length; c++) {
                line.append(c < r.length - 1 ? pad(r[c], widths[c] + 2) : r[c]);
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String[] row(String... cells) {
        return cells;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static String codec(Enum<?> codec) {
        return codec.name().toLowerCase(Locale.ROOT);
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String join(List<?> items) {
        return String.join(", ", items.stream().map(Object::toString).toList());
    }
}
