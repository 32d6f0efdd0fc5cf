package dev.plinth.api.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safe reader with real files: FIFOs, devices, sparse giants, links in and out of the plugins
 * folder, and files swapped or grown between the check and the read. Every refusal must be quick
 * and say what the file is.
 */
class PluginFileReaderTest {
    private static final SizeCap CAP = new SizeCap(1 << 20, "max-module-size");

    @TempDir
    Path temp;

    private Path plugins() throws IOException {
        return Files.createDirectories(temp.resolve("plugins"));
    }

    private PluginFolder confined() throws IOException {
        return new PluginFolder(plugins(), false);
    }

    static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("mkfifo " + path).isZero();
        return path;
    }

    private static PluginFileException refused(ThrowingRead read) {
        long started = System.nanoTime();
        try {
            read.run();
        } catch (PluginFileException e) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(millis).as("a refusal is quick, not a hang").isLessThan(2_000);
            return e;
        } catch (IOException e) {
            throw new AssertionError("expected a refusal, got " + e, e);
        }
        throw new AssertionError("expected a refusal, but the file was read");
    }

    private interface ThrowingRead {
        void run() throws IOException;
    }

    @Test
    void aRegularFileIsReadWhole() throws IOException {
        byte[] content = new byte[300_000];
        new java.util.Random(7).nextBytes(content);
        Path file = Files.write(plugins().resolve("a.wasm"), content);

        assertThat(PluginFileReader.read(file, CAP, confined())).isEqualTo(content);
        assertThat(PluginFileReader.read(Files.write(plugins().resolve("empty.wasm"), new byte[0]), CAP, confined()))
                .isEmpty();
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = mkfifo(plugins().resolve("jam.wasm"));

        PluginFileException e = refused(() -> PluginFileReader.read(fifo, CAP, confined()));

        assertThat(e.reason()).isEqualTo(PluginFileException.Reason.NOT_A_REGULAR_FILE);
        assertThat(e.getMessage()).startsWith(fifo.toString()).contains("a FIFO (named pipe), not a regular file");
    }

    @Test
    void aLinkToDevZeroIsRefusedEvenWhenLinksMayLeaveTheFolder() throws IOException {
        Path link = Files.createSymbolicLink(plugins().resolve("zero.wasm"), Path.of("/dev/zero"));

        PluginFileException e = refused(() -> PluginFileReader.read(link, CAP, new PluginFolder(plugins(), true)));

        assertThat(e.reason()).isEqualTo(PluginFileException.Reason.NOT_A_REGULAR_FILE);
        assertThat(e.getMessage()).contains("zero.wasm").contains("a symbolic link to /dev/zero, which is a character"
                + " device, not a regular file");
        assertThat(refused(() -> PluginFileReader.read(link, CAP, confined())).reason())
                .as("confined, the link is refused for leaving the folder first")
                .isEqualTo(PluginFileException.Reason.OUTSIDE_FOLDER);
    }

    @Test
    void aSparseThreeGigabyteFileIsRefusedBySizeBeforeAByteIsRead() throws IOException {
        Path huge = plugins().resolve("huge.wasm");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(3L << 30);
        }

        PluginFileException e = refused(() -> PluginFileReader.read(huge, CAP, confined()));

        assertThat(e.reason()).isEqualTo(PluginFileException.Reason.TOO_LARGE);
        assertThat(e.getMessage()).contains("huge.wasm: too large: 3221225472 bytes (3.0GB), more than"
                + " max-module-size (1MB)");
    }

    @Test
    void aDirectoryIsRefusedForWhatItIs() throws IOException {
        Path dir = Files.createDirectories(plugins().resolve("folder.wasm"));

        assertThat(refused(() -> PluginFileReader.read(dir, CAP, confined())).getMessage())
                .contains("a directory, not a regular file");
    }

    @Test
    void aLinkOutOfThePluginsFolderIsRefusedUnlessAllowed() throws IOException {
        byte[] content = {0, 'a', 's', 'm'};
        Path outside = Files.write(temp.resolve("elsewhere.wasm"), content);
        Path link = Files.createSymbolicLink(plugins().resolve("out.wasm"), outside);

        PluginFileException e = refused(() -> PluginFileReader.read(link, CAP, confined()));

        assertThat(e.reason()).isEqualTo(PluginFileException.Reason.OUTSIDE_FOLDER);
        assertThat(e.getMessage()).contains("out.wasm: a symbolic link to " + outside.toRealPath()
                + ", outside the plugins folder").contains("allow-symlinks-out-of-folder");
        assertThat(PluginFileReader.read(link, CAP, new PluginFolder(plugins(), true))).isEqualTo(content);
        assertThat(PluginFileReader.read(link, CAP, PluginFolder.ANYWHERE)).isEqualTo(content);
    }

    @Test
    void linksThatStayInsideTheFolderWorkTheWayConfigMapsMakeThem() throws IOException {
        // a Kubernetes ConfigMap volume: ..2026_01_01/foo.wasm, ..data -> ..2026_01_01, foo.wasm -> ..data/foo.wasm
        Path timestamped = Files.createDirectories(plugins().resolve("..2026_01_01_00_00_00.1"));
        byte[] content = {1, 2, 3};
        Files.write(timestamped.resolve("foo.wasm"), content);
        Files.createSymbolicLink(plugins().resolve("..data"), timestamped.getFileName());
        Path link = Files.createSymbolicLink(plugins().resolve("foo.wasm"), Path.of("..data", "foo.wasm"));

        assertThat(PluginFileReader.read(link, CAP, confined())).isEqualTo(content);
    }

    @Test
    void aPluginsFolderThatIsItselfALinkStillConfinesToWhereItLeads() throws IOException {
        Path real = Files.createDirectories(temp.resolve("mounted"));
        Files.write(real.resolve("a.wasm"), new byte[] {9});
        Path alias = Files.createSymbolicLink(temp.resolve("plugins-alias"), real);

        assertThat(PluginFileReader.read(alias.resolve("a.wasm"), CAP, new PluginFolder(alias, false)))
                .containsExactly(9);
    }

    @Test
    void aDanglingLinkIsAMissingFileThatSaysWhereItPoints() throws IOException {
        Path link = Files.createSymbolicLink(plugins().resolve("gone.wasm"), plugins().resolve("nothing.wasm"));

        assertThatThrownBy(() -> PluginFileReader.read(link, CAP, confined()))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("which does not exist");
    }

    @Test
    void aFileThatGrowsPastTheCapAfterTheCheckIsNotReadOn() throws IOException {
        Path file = Files.write(plugins().resolve("growing.wasm"), new byte[1000]);
        PluginFileReader.CheckedFile checked = PluginFileReader.check(file, CAP, confined());
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            out.write(new byte[(int) CAP.bytes()]);
        }
        long[] seen = new long[1];

        PluginFileException e = refused(() -> PluginFileReader.read(checked, CAP,
                (bytes, length) -> seen[0] += length, PluginFileReader.DEFAULT_TIMEOUT));

        assertThat(e.reason()).isEqualTo(PluginFileException.Reason.GREW);
        assertThat(e.getMessage()).contains("grew past max-module-size (1MB) while it was read");
        assertThat(seen[0]).as("never more than the cap handed on").isLessThanOrEqualTo(CAP.bytes());
    }

    @Test
    void aFileSwappedBetweenTheCheckAndTheOpenIsRefused() throws IOException {
        Path file = Files.write(plugins().resolve("swapped.wasm"), new byte[] {1});
        PluginFileReader.CheckedFile checked = PluginFileReader.check(file, CAP, confined());
        Path other = Files.write(plugins().resolve(".other.tmp"), new byte[] {2});
        Files.move(other, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        PluginFileException e = refused(() -> PluginFileReader.read(checked, CAP, (bytes, length) -> { },
                PluginFileReader.DEFAULT_TIMEOUT));

        assertThat(e.reason()).isEqualTo(PluginFileException.Reason.REPLACED);
        assertThat(e.getMessage()).contains("replaced while it was opened");
    }

    @Test
    void aFifoSwappedInAfterTheCheckCostsTheCallerTheTimeoutNotAHang() throws Exception {
        Path file = Files.write(plugins().resolve("raced.wasm"), new byte[] {1});
        PluginFileReader.CheckedFile checked = PluginFileReader.check(file, CAP, confined());
        Files.delete(file);
        mkfifo(file);
        Duration timeout = Duration.ofMillis(300);

        long started = System.nanoTime();
        assertThatThrownBy(() -> PluginFileReader.read(checked, CAP, (bytes, length) -> { }, timeout))
                .isInstanceOfSatisfying(PluginFileException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PluginFileException.Reason.TIMED_OUT);
                    assertThat(e.getMessage()).contains("raced.wasm: not read within 300ms");
                });
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("host-work: a FIFO swapped in after the check: caller free after " + millis
                + " ms against a read timeout of 300 ms");
        assertThat(millis).isLessThan(timeout.toMillis() + 2_000);

        // the reader thread parked in open(2) is released once the FIFO has a writer, and sees it was given up
        int busy = PluginFileReader.busyReaders();
        assertThat(busy).isPositive();
        Files.newOutputStream(file).close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (PluginFileReader.busyReaders() >= busy && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(PluginFileReader.busyReaders()).isLessThan(busy);
    }
}
