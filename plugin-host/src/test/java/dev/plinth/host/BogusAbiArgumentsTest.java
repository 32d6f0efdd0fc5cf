package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.plinth.abi.ExtismKernel;
import dev.plinth.api.error.AbiViolationException;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.testing.TestPlugins;
import dev.plinth.testing.Wat;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hostile guest passes bogus offsets and lengths to every function of {@code extism:host/env}:
 * each call either does what Extism specifies for a bad offset (0 from {@code length}, nothing from
 * {@code free}) or is refused with a typed error and an audit entry (a refused argument is an
 * {@link AbiViolationException}, code {@code trap}); the host never throws anything else and keeps
 * serving.
 */
class BogusAbiArgumentsTest {
    private static final Set<ErrorCode> CONTAINED = EnumSet.of(ErrorCode.TRAP, ErrorCode.MEMORY_LIMIT,
            ErrorCode.PERMISSION_DENIED, ErrorCode.TOO_LARGE);

    private static final String ABUSER = "abuser";

    @TempDir
    Path plugins;

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 7, 0xFFFF_FFFFL, Long.MAX_VALUE, -1, Long.MIN_VALUE})
    void everyAbiFunctionSurvivesABogusArgument(long bogus) throws Exception {
        Wat.write(plugins, ABUSER, abuser(bogus));
        try (PluginHost host = PluginHost.on(FixtureHosts.builder().build())) {
            host.loadAll(plugins);
            assertThat(host.auditLog().recent(ABUSER, Integer.MAX_VALUE)).as("it asks for nothing").isEmpty();
            host.load(TestPlugins.fixture("abi-fixtures"));
            for (String function : ExtismKernel.SIGNATURES.keySet()) {
                assertThatCode(() -> callAndCheckTheAudit(host, function)).as(function).doesNotThrowAnyException();
            }
            assertThat(host.call("abi-fixtures", "echo", "still serving".getBytes(UTF_8)))
                    .asString(UTF_8).isEqualTo("still serving");
        }
    }

    /**
     * Calls the export named after an ABI function. A call that succeeds leaves no audit entry; one
     * that is refused leaves exactly one, stopped, with its code, on the function (an ABI violation
     * names the host function that refused its arguments).
     */
    private static void callAndCheckTheAudit(PluginHost host, String function) {
        int before = host.auditLog().recent(ABUSER, Integer.MAX_VALUE).size();
        try {
            host.call(ABUSER, function, "in".getBytes(UTF_8));
            assertThat(host.auditLog().recent(ABUSER, Integer.MAX_VALUE)).as(function + " succeeded").hasSize(before);
        } catch (PluginException e) {
            assertThat(e.code()).as(function + ": " + e.getMessage()).isIn(CONTAINED);
            if (e.code() == ErrorCode.TRAP) {
                assertThat(e).as(function + ": " + e.getMessage()).isInstanceOfSatisfying(AbiViolationException.class,
                        v -> assertThat(v.hostFunction()).isEqualTo(function));
            }
            List<AuditEntry> entries = host.auditLog().recent(ABUSER, Integer.MAX_VALUE);
            assertThat(entries).as(function + ": " + e.getMessage()).hasSize(before + 1);
            AuditEntry entry = entries.get(before);
            assertThat(entry.what()).isEqualTo(e.code());
            assertThat(entry.resource()).startsWith(function);
            assertThat(entry.action()).isEqualTo(AuditAction.STOPPED);
            assertThat(entry.detail()).isEqualTo(e.getMessage());
        }
    }

    /** One export per ABI function, named after it, calling it with {@code bogus} for every argument. */
    private static String abuser(long bogus) {
        StringBuilder wat = new StringBuilder("(module\n");
        Map<String, FunctionType> abi = ExtismKernel.SIGNATURES;
        abi.forEach((name, type) -> wat.append("  (import \"extism:host/env\" \"").append(name).append("\" (func $")
                .append(name).append(signature(type)).append("))\n"));
        wat.append("  (memory (export \"memory\") 1)\n");
        abi.forEach((name, type) -> {
            wat.append("  (func (export \"").append(name).append("\") (result i32)\n    ");
            String args = type.params().stream().map(p -> p.equals(ValType.I64) ? "(i64.const " + bogus + ")"
                    : "(i32.const " + (int) bogus + ")").collect(Collectors.joining(" "));
            String call = "(call $" + name + " " + args + ")";
            wat.append(type.returns().isEmpty() ? call : "(drop " + call + ")").append("\n    (i32.const 0))\n");
        });
        return wat.append(")\n").toString();
    }

    private static String signature(FunctionType type) {
        String params = type.params().stream().map(BogusAbiArgumentsTest::wat).collect(Collectors.joining(" "));
        String results = type.returns().stream().map(BogusAbiArgumentsTest::wat).collect(Collectors.joining(" "));
        return (params.isEmpty() ? "" : " (param " + params + ")") + (results.isEmpty() ? "" : " (result " + results + ")");
    }

    private static String wat(ValType type) {
        return type.equals(ValType.I64) ? "i64" : "i32";
    }
}
