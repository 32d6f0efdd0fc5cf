package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.plinth.abi.ExtismKernel;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.AbiViolationException;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.testing.LogCapture;
import dev.plinth.testing.Wat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every function of {@code extism:host/env}, called by a guest as the PDKs call it, with the
 * semantics of Extism's kernel and runtime (issue 12, causes 4, 11 and 15): the edge cases the
 * kernel defines (0, freed blocks, offsets that are not blocks, ranges outside the memory) answer
 * as the kernel answers. The guests are {@link ExtismKernelGuests}; results come back as
 * little-endian words.
 */
class ExtismKernelFunctionsTest {
    private static final String PLUGIN = "kernel";

    @TempDir
    Path plugins;
    private PluginHost host;

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private PluginHost start(EngineMode mode) throws Exception {
        Wat.write(plugins, PLUGIN, ExtismKernelGuests.KERNEL);
        host = PluginHost.on(PluginEngine.builder().engine(mode).configOverride("greeting", "hej").configOverride("empty", "")
                .build());
        assertThat(host.loadAll(plugins)).extracting(i -> i.status()).containsExactly(PluginStatus.ACTIVE);
        return host;
    }

    private long[] results(String export, String input) {
        byte[] out = host.call(PLUGIN, export, input.getBytes(UTF_8));
        assertThat(out.length % 8).as(export + " output").isZero();
        long[] words = new long[out.length / 8];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(words);
        return words;
    }

    private static long word(String text) {
        byte[] bytes = Arrays.copyOf(text.getBytes(UTF_8), 8);
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void theAbiIsTheKernelsTwentyFunctionsAndTheRuntimesTwelve() {
        assertThat(ExtismKernel.SIGNATURES.keySet()).containsExactlyInAnyOrder(
                "alloc", "free", "length", "length_unsafe", "load_u8", "load_u64", "store_u8", "store_u64",
                "input_set", "input_length", "input_offset", "input_load_u8", "input_load_u64",
                "output_set", "output_length", "output_offset", "error_set", "error_get", "memory_bytes", "reset",
                "config_get", "var_get", "var_set", "http_request", "http_status_code", "http_headers",
                "log_trace", "log_debug", "log_info", "log_warn", "log_error", "get_log_level");
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void blocksHaveLengthsOnlyWhileLiveAndFreeIgnoresAnythingElse(EngineMode mode) throws Exception {
        start(mode);
        long[] r = results("blocks", "");
        assertThat(r[0]).as("alloc(0) is null").isZero();
        assertThat(r[1]).as("length").isEqualTo(5);
        assertThat(r[2]).as("length_unsafe").isEqualTo(5);
        assertThat(r[3]).as("length inside a block").isZero();
        assertThat(r[4]).as("length_unsafe inside a block").isZero();
        assertThat(r[5]).as("length(0)").isZero();
        assertThat(r[6]).as("length_unsafe(-1)").isZero();
        assertThat(r[7]).as("length of a freed block").isZero();
        assertThat(r[8]).as("length_unsafe of a freed block").isZero();
        assertThat((r[9] + 8) % 65536).as("memory_bytes: whole pages, less the null bytes").isZero();
        assertThat(r[10]).as("a freed block is not reused while the page has room").isZero();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void loadsOutsideTheMemoryReadZeroAndStoresThereAreDropped(EngineMode mode) throws Exception {
        start(mode);
        long[] r = results("bytes", "");
        assertThat(r[0]).isEqualTo(0x0807060504030201L);
        assertThat(r[1]).isEqualTo(2);
        assertThat(r[2]).isEqualTo(0xAB00000000000000L);
        assertThat(Arrays.copyOfRange(r, 3, 9)).as("load_u8(0), load_u64(0), a word across the end, the byte"
                + " after it, load_u64(-1), load_u8(2^48)").containsOnly(0L);
        assertThat(r[9]).as("no dropped store touched the block").isEqualTo(0xAB00000000000000L);
        assertThat(r[10]).isEqualTo(16);
        assertThat(host.auditLog().recent(PLUGIN, 10)).as("nothing to audit").isEmpty();
    }

    @Test
    void theInputIsABlockAndReadsPastItsEndAreZero() throws Exception {
        start(EngineMode.COMPILED);
        long[] r = results("input", "hello, extism!!");
        assertThat(r[0]).as("input_length").isEqualTo(15);
        assertThat(r[1]).as("length(input_offset), as the C PDK reads it").isEqualTo(15);
        assertThat(r[2]).as("load_u8(input_offset)").isEqualTo('h');
        assertThat(r[3]).as("input_load_u8(14)").isEqualTo('!');
        assertThat(r[4]).as("input_load_u8 one past the end").isZero();
        assertThat(r[5]).as("input_load_u64(7)").isEqualTo(word("extism!!"));
        assertThat(r[6]).as("input_load_u64 of a word partly past the end").isZero();
        assertThat(r[7]).as("input_load_u64(-1)").isZero();
        assertThat(r[8]).as("input_set moved the input").isEqualTo(3);
        assertThat(r[9]).as("input_offset is the new block").isZero();
        assertThat(r[10]).isEqualTo('c');
        assertThat(r[11]).as("input_set outside the memory is ignored").isEqualTo(3);
        assertThat(r[12]).as("freeing the input's block empties the input").isZero();

        assertThat(results("no_input", "")).as("no input: offset 0, length 0, loads 0").containsOnly(0L)
                .hasSize(4);
    }

    @Test
    void outputSetOutsideTheMemoryIsIgnoredAndTheGettersSayWhatWasSet() throws Exception {
        start(EngineMode.COMPILED);
        assertThat(host.call(PLUGIN, "output_kept", new byte[0])).asString(UTF_8).isEqualTo("ab");
        assertThat(host.call(PLUGIN, "output_empty", new byte[0])).isEmpty();
    }

    /** Cause 11: Extism fails a call whose plugin set an error, whatever its export returned. */
    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void anErrorSetFailsTheCallEvenWhenTheExportReturnsZero(EngineMode mode) throws Exception {
        start(mode);
        assertThatThrownBy(() -> host.call(PLUGIN, "fail_with_zero", new byte[0]))
                .isInstanceOfSatisfying(PluginFailureException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_ERROR);
                    assertThat(e.pluginMessage()).isEqualTo("boom");
                    assertThat(e.returnCode()).isZero();
                    assertThat(e.getMessage()).isEqualTo("kernel.fail_with_zero failed (return code 0): boom");
                });
        assertThat(host.find(PLUGIN).orElseThrow().lastError()).hasValueSatisfying(
                error -> assertThat(error.message()).contains("boom"));
        // the instance stays usable and the next call starts without an error
        assertThat(results("error_get", "")).containsExactly(0, 0, 0, 0);
    }

    @Test
    void onlyALiveBlockAtTheErrorOffsetIsAnError() throws Exception {
        start(EngineMode.COMPILED);
        assertThat(host.call(PLUGIN, "error_not_a_block", new byte[0])).as("Extism: length 0, no error").isEmpty();
        assertThat(host.call(PLUGIN, "error_freed", new byte[0])).as("freed before the call returned").isEmpty();
        assertThatThrownBy(() -> host.call(PLUGIN, "error_not_a_block_and_5", new byte[0]))
                .isInstanceOfSatisfying(PluginFailureException.class, e -> {
                    assertThat(e.returnCode()).isEqualTo(5);
                    assertThat(e.pluginMessage()).isEqualTo("the plugin returned 5 without setting an error message");
                });
    }

    @Test
    void resetForgetsTheMemoryTheInputTheOutputAndTheError() throws Exception {
        start(EngineMode.COMPILED);
        long[] r = results("reset", "xyz");
        assertThat(r).as("input length and offset, error, output length, a new block's word, the old block")
                .containsExactly(0, 0, 0, 0, 0, 0);
    }

    @Test
    void configGetTakesTheKeyAndGivesANewBlockOrZero() throws Exception {
        start(EngineMode.COMPILED);
        long[] r = results("config", "");
        assertThat(r[0]).as("the host freed the key").isZero();
        assertThat(r[1]).isEqualTo(3);
        assertThat(r[2]).isEqualTo(word("hej"));
        assertThat(r[3]).as("an empty value is 0, as in Extism").isZero();
        assertThat(r[4]).as("absent").isZero();
        assertThat(r[5]).as("0 is the empty key").isZero();
        assertThatThrownBy(() -> host.call(PLUGIN, "config_key_not_a_block", new byte[0]))
                .isInstanceOfSatisfying(AbiViolationException.class,
                        e -> assertThat(e.hostFunction()).isEqualTo("config_get"));
    }

    @Test
    void varsTakeTheirBlocksZeroIsTheEmptyKeyAndAZeroValueRemoves() throws Exception {
        start(EngineMode.COMPILED);
        long[] r = results("vars", "");
        assertThat(r).containsExactly(0, 0, 3, word("abc"), 4, 0);
        assertThatThrownBy(() -> host.call(PLUGIN, "var_set_not_a_block", new byte[0]))
                .isInstanceOfSatisfying(AbiViolationException.class,
                        e -> assertThat(e.hostFunction()).isEqualTo("var_set"));
    }

    @Test
    void logsTakeTheirBlocksAndALevelThatIsOffReadsNothing() throws Exception {
        start(EngineMode.COMPILED);
        try (LogCapture log = LogCapture.of("plinth.plugin." + PLUGIN, Level.DEBUG)) {
            long[] r = results("logs", "");
            assertThat(r[0]).as("the host freed the logged block").isZero();
            assertThat(r[1]).as("freed at a level that is off too").isZero();
            assertThat(r[2]).as("get_log_level: debug").isEqualTo(1);
            assertThat(log.messages(Level.INFO)).containsExactly("[logs] hello log");
            assertThat(log.messages(Level.WARN)).as("0 is an empty line").containsExactly("[logs] ");
            assertThat(log.messages(Level.ERROR)).containsExactly("[logs] boom");
            assertThat(log.messages(Level.DEBUG)).containsExactly("[logs] abc");
            assertThat(log.events()).hasSize(4);
            assertThatThrownBy(() -> host.call(PLUGIN, "log_not_a_block", new byte[0]))
                    .isInstanceOfSatisfying(AbiViolationException.class,
                            e -> assertThat(e.hostFunction()).isEqualTo("log_info"));
        }
    }

    @Test
    void httpStateBeforeAnyRequestAndARefusedRequest() throws Exception {
        start(EngineMode.COMPILED);
        assertThat(results("http_before_any_request", "")).containsExactly(0);
        assertThatThrownBy(() -> host.call(PLUGIN, "http_refused", new byte[0]))
                .isInstanceOf(PermissionDeniedException.class);
    }

    /** Cause 15: Extism's echo module reads one byte past an 8-byte input and stores one past its output. */
    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aGuestShapedLikeExtismsEchoRunsOnEveryInputSize(EngineMode mode) throws Exception {
        Wat.write(plugins, "echo", ExtismKernelGuests.ECHO);
        host = PluginHost.on(PluginEngine.builder().engine(mode).build());
        host.loadAll(plugins);
        for (int size : new int[] {8, 13, 16, 1024, 65536, 70_001}) {
            byte[] input = new byte[size];
            for (int i = 0; i < size; i++) {
                input[i] = (byte) ('a' + i % 26);
            }
            assertThat(host.call("echo", "echo", input)).as(size + " bytes").isEqualTo(input);
        }
        // 1 to 7 bytes: its one word read is partly past the input and reads 0, in Extism as here
        assertThat(host.call("echo", "echo", "abc".getBytes(UTF_8))).containsExactly(0, 0, 0);
        assertThat(host.auditLog().recent("echo", 10)).isEmpty();
    }
}
