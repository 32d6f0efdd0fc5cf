package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.testing.Wat;
import dev.plinth.sandbox.fs.FileMount;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * What the guest sees of the host's own iovec walk ({@code IovecTransfers}): the same bytes, counts
 * and errnos as a POSIX {@code readv}/{@code writev}, whatever the layout. A module assembled here
 * does each case and leaves its results in memory, which the test reads back with {@code peek}.
 * Cases: data read over the iovec array itself at address 0 (where the host's scratch iovec must sit
 * elsewhere and be restored), an iovec larger than a chunk, {@code fd_pread} at an offset,
 * {@code fd_write} and {@code fd_pwrite} to a file, stdout moved by {@code fd_renumber}, iovecs
 * outside memory ({@code EFAULT}, or a partial count), and stdin.
 */
class WasiIovecTest {
    private static final int FILE_BYTES = 100_000;

    private static final String WAT = """
            (module
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "extism:host/env" "input_load_u64" (func $input (param i64) (result i64)))
              (import "wasi_snapshot_preview1" "path_open"
                (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_pread" (func $fd_pread (param i32 i32 i32 i64 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_pwrite" (func $fd_pwrite (param i32 i32 i32 i64 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_renumber" (func $fd_renumber (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
              (memory (export "memory") 2 2)
              (data (i32.const 50000) "data.txt")
              (data (i32.const 50100) "out.txt")
              (data (i32.const 50200) "hello worldWORLD")
              (data (i32.const 50300) "moved\\n")

              ;; opens data.txt for reading; the descriptor at 60004, the errno at 60000
              (func $open_data (result i32)
                (i32.store (i32.const 60000) (call $path_open (i32.const 3) (i32.const 0) (i32.const 50000)
                  (i32.const 8) (i32.const 0) (i64.const 6) (i64.const 0) (i32.const 0) (i32.const 60004)))
                (i32.load (i32.const 60004)))
              (func $iovec (param $at i32) (param $base i32) (param $len i32)
                (i32.store (local.get $at) (local.get $base))
                (i32.store (i32.add (local.get $at) (i32.const 4)) (local.get $len)))

              ;; input: address (low 32 bits) and length (high 32 bits); outputs that memory
              (func (export "peek") (result i32) (local $in i64) (local $at i32) (local $len i32) (local $k i64)
                    (local $i i32)
                (local.set $in (call $input (i64.const 0)))
                (local.set $at (i32.wrap_i64 (local.get $in)))
                (local.set $len (i32.wrap_i64 (i64.shr_u (local.get $in) (i64.const 32))))
                (local.set $k (call $alloc (i64.extend_i32_u (local.get $len))))
                (block $done (loop $next
                  (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
                  (call $store_u8 (i64.add (local.get $k) (i64.extend_i32_u (local.get $i)))
                    (i32.load8_u (i32.add (local.get $at) (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $next)))
                (call $output_set (local.get $k) (i64.extend_i32_u (local.get $len)))
                (i32.const 0))

              ;; (strings at 50000 and up, out of the way of the reads)
              ;; the iovec at 0 asks for 16 bytes at 0: the data lands over the iovec; 16..28 is a canary
              (func (export "read_at_zero") (result i32) (local $fd i32)
                (local.set $fd (call $open_data))
                (i64.store (i32.const 16) (i64.const 0x6363636363636363))
                (i32.store (i32.const 24) (i32.const 0x63636363))
                (call $iovec (i32.const 0) (i32.const 0) (i32.const 16))
                (i32.store (i32.const 44) (call $fd_read (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 40)))
                (drop (call $fd_close (local.get $fd)))
                (i32.const 0))

              ;; 5 bytes at 1000, then 40000 (more than a chunk) at 2000; count at 60, errno at 64
              (func (export "read_chunks") (result i32) (local $fd i32)
                (local.set $fd (call $open_data))
                (call $iovec (i32.const 100) (i32.const 1000) (i32.const 5))
                (call $iovec (i32.const 108) (i32.const 2000) (i32.const 40000))
                (i32.store (i32.const 64) (call $fd_read (local.get $fd) (i32.const 100) (i32.const 2) (i32.const 60)))
                (drop (call $fd_close (local.get $fd)))
                (i32.const 0))

              ;; 20 bytes from offset 10 at 300; count at 208, errno at 212
              (func (export "pread_offset") (result i32) (local $fd i32)
                (local.set $fd (call $open_data))
                (call $iovec (i32.const 200) (i32.const 300) (i32.const 20))
                (i32.store (i32.const 212)
                  (call $fd_pread (local.get $fd) (i32.const 200) (i32.const 1) (i64.const 10) (i32.const 208)))
                (drop (call $fd_close (local.get $fd)))
                (i32.const 0))

              ;; "hello " + "world" to out.txt, then "WORLD" at offset 6; counts at 420 and 440, errnos at 424, 444;
              ;; path_open's errno at 450
              (func (export "write_file") (result i32) (local $fd i32)
                (i32.store (i32.const 450) (call $path_open (i32.const 3) (i32.const 0) (i32.const 50100)
                  (i32.const 7) (i32.const 9) (i64.const 68) (i64.const 0) (i32.const 0) (i32.const 454)))
                (local.set $fd (i32.load (i32.const 454)))
                (call $iovec (i32.const 400) (i32.const 50200) (i32.const 6))
                (call $iovec (i32.const 408) (i32.const 50206) (i32.const 5))
                (i32.store (i32.const 424) (call $fd_write (local.get $fd) (i32.const 400) (i32.const 2) (i32.const 420)))
                (call $iovec (i32.const 430) (i32.const 50211) (i32.const 5))
                (i32.store (i32.const 444)
                  (call $fd_pwrite (local.get $fd) (i32.const 430) (i32.const 1) (i64.const 6) (i32.const 440)))
                (drop (call $fd_close (local.get $fd)))
                (i32.const 0))

              ;; stdout moved over an open file's descriptor: writing there logs, writing to 1 is EBADF
              (func (export "stdout_moved") (result i32) (local $fd i32)
                (local.set $fd (call $open_data))
                (i32.store (i32.const 496) (call $fd_renumber (i32.const 1) (local.get $fd)))
                (call $iovec (i32.const 480) (i32.const 50300) (i32.const 6))
                (i32.store (i32.const 500) (call $fd_write (local.get $fd) (i32.const 480) (i32.const 1) (i32.const 504)))
                (i32.store (i32.const 508) (call $fd_write (i32.const 1) (i32.const 480) (i32.const 1) (i32.const 504)))
                (i32.const 0))

              ;; an iovec array past the end (errno at 524); an iovec running past the end (count 540, errno 544)
              (func (export "outside_memory") (result i32)
                (i32.store (i32.const 524) (call $fd_write (i32.const 2) (i32.const 131068) (i32.const 1) (i32.const 520)))
                (call $iovec (i32.const 530) (i32.const 131000) (i32.const 1000))
                (i32.store (i32.const 544) (call $fd_write (i32.const 2) (i32.const 530) (i32.const 1) (i32.const 540)))
                (i32.const 0))

              ;; 2^31-1 bytes from stdin (count 570, errno 574); nothing from a bad descriptor (errno 584)
              (func (export "stdin_and_nothing") (result i32)
                (call $iovec (i32.const 560) (i32.const 600) (i32.const 0x7fffffff))
                (i32.store (i32.const 570) (i32.const 99))
                (i32.store (i32.const 574) (call $fd_read (i32.const 0) (i32.const 560) (i32.const 1) (i32.const 570)))
                (i32.store (i32.const 584) (call $fd_read (i32.const 99) (i32.const 560) (i32.const 0) (i32.const 580)))
                (i32.const 0))
            )
            """;

    @TempDir
    Path tmp;
    Path data;
    byte[] file;
    PluginHost host;
    ListAppender<ILoggingEvent> log;
    Logger pluginLogger;

    @BeforeEach
    void setUp() throws IOException {
        data = Files.createDirectories(tmp.toRealPath().resolve("data"));
        file = new byte[FILE_BYTES];
        for (int i = 0; i < file.length; i++) {
            file[i] = (byte) (i % 251);
        }
        Files.write(data.resolve("data.txt"), file);
        pluginLogger = (Logger) LoggerFactory.getLogger("plinth.plugin.wasi-io");
        log = new ListAppender<>();
        log.start();
        pluginLogger.addAppender(log);
    }

    @AfterEach
    void tearDown() {
        pluginLogger.detachAppender(log);
        if (host != null) {
            host.close();
        }
    }

    private void start(EngineMode mode) throws IOException {
        Path wasm = Wat.write(tmp, "wasi-io", WAT);
        // one instance: every call sees the memory the previous one left
        host = PluginHost.on(PluginEngine.builder().engine(mode).limits(PluginLimits.DEFAULTS.withMaxInstances(1))
                .fileMounts(manifest -> List.of(FileMount.write(data))).build());
        assertThat(host.load(wasm).status()).isEqualTo(PluginStatus.ACTIVE);
    }

    private void run(String export) {
        assertThat(host.call("wasi-io", export, new byte[0])).isEmpty();
    }

    private byte[] peek(int address, int length) {
        byte[] input = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(address).putInt(length).array();
        return host.call("wasi-io", "peek", input);
    }

    private int word(int address) {
        return ByteBuffer.wrap(peek(address, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void readsLandWhereTheIovecsSayEvenOverTheIovecsThemselves(EngineMode mode) throws IOException {
        start(mode);
        run("read_at_zero");
        assertThat(word(60000)).as("path_open errno").isZero();
        assertThat(word(44)).as("fd_read errno").isZero();
        assertThat(word(40)).as("bytes read").isEqualTo(16);
        assertThat(peek(0, 16)).as("the data, over the iovec").isEqualTo(Arrays.copyOfRange(file, 0, 16));
        assertThat(peek(16, 12)).as("the canary after it, where the host lent its scratch iovec")
                .isEqualTo("cccccccccccc".getBytes(UTF_8));

        run("read_chunks");
        assertThat(word(64)).isZero();
        assertThat(word(60)).isEqualTo(40_005);
        assertThat(peek(1000, 5)).isEqualTo(Arrays.copyOfRange(file, 0, 5));
        assertThat(peek(2000, 40_000)).as("across the host's 32 KiB chunks").isEqualTo(Arrays.copyOfRange(file, 5,
                40_005));
        assertThat(peek(100, 16)).as("the guest's iovecs are as it left them").isEqualTo(ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN).putInt(1000).putInt(5).putInt(2000).putInt(40_000).array());

        run("pread_offset");
        assertThat(word(212)).isZero();
        assertThat(word(208)).isEqualTo(20);
        assertThat(peek(300, 20)).isEqualTo(Arrays.copyOfRange(file, 10, 30));
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void writesGoWhereTheIovecsSay(EngineMode mode) throws IOException {
        start(mode);
        run("write_file");
        assertThat(word(450)).as("path_open errno").isZero();
        assertThat(word(424)).isZero();
        assertThat(word(420)).isEqualTo(11);
        assertThat(word(444)).isZero();
        assertThat(word(440)).isEqualTo(5);
        assertThat(Files.readString(data.resolve("out.txt"))).isEqualTo("hello WORLD");
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void stdoutFollowsTheGuestsRenumberingAndBadRangesAreFaults(EngineMode mode) throws IOException {
        start(mode);
        run("stdout_moved");
        assertThat(word(496)).as("fd_renumber errno").isZero();
        assertThat(word(500)).as("writing to stdout's new number").isZero();
        assertThat(word(508)).as("writing to 1, now closed").isEqualTo(8);
        assertThat(log.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).isEqualTo("[stdout] moved"));

        run("outside_memory");
        assertThat(word(524)).as("an iovec array past the end").isEqualTo(21);
        assertThat(word(544)).as("an iovec running past the end: what fits is written").isZero();
        assertThat(word(540)).isEqualTo(72);

        run("stdin_and_nothing");
        assertThat(word(574)).isZero();
        assertThat(word(570)).as("stdin is empty").isZero();
        assertThat(word(584)).as("no iovecs, bad descriptor").isEqualTo(8);
    }
}
