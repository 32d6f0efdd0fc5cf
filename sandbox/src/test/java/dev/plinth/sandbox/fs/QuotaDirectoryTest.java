package dev.plinth.sandbox.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.WriteQuota;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link QuotaDirectory} through {@code java.nio} directly: its byte and entry quotas count what
 * it held when mounted, removing and replacing give room back, a refused create leaves nothing
 * behind, its writes do not count against the version's write quota (nor the other way round), and
 * it is jailed like any mount.
 */
class QuotaDirectoryTest {
    @TempDir
    Path tmp;
    Path own;
    Path shared;
    Path outside;
    final List<String> refusals = new ArrayList<>();
    FileSandbox sandbox;
    Path root;

    @BeforeEach
    void setUp() throws IOException {
        own = Files.createDirectories(tmp.resolve("root/plugin-a"));
        outside = Files.createDirectories(tmp.resolve("root/plugin-b"));
        Files.writeString(outside.resolve("secret.txt"), "B's data");
        shared = Files.createDirectories(tmp.resolve("shared"));
        Files.write(own.resolve("kept.bin"), new byte[600]);
        Files.createDirectories(own.resolve("sub"));
    }

    private void mount(long maxBytes, long maxEntries) {
        sandbox = FileSandbox.of(List.of(FileMount.write(shared)), new WriteQuota(100, 100), refusals::add,
                List.of(new QuotaDirectory(own, "/data", maxBytes, maxEntries, "the data directory of plugin-a")));
        root = sandbox.preopens().get("/data");
        assertThat(root).isNotNull();
    }

    private static ByteBuffer bytes(int n) {
        return ByteBuffer.wrap(new byte[n]);
    }

    private FileChannel create(String name) throws IOException {
        return FileChannel.open(root.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    @Test
    void whatItHeldWhenMountedCountsAgainstTheBytes() throws IOException {
        mount(1000, 100);
        try (FileChannel out = create("new.bin")) {
            assertThat(out.write(bytes(400))).isEqualTo(400);
            assertThatThrownBy(() -> out.write(bytes(1))).isInstanceOf(WriteQuotaExceededException.class)
                    .hasMessage("write " + root.resolve("new.bin")
                            + ": quota of 1000B of the data directory of plugin-a reached");
        }
        assertThat(Files.size(own.resolve("new.bin"))).isEqualTo(400);
        assertThat(refusals).singleElement().asString().contains("quota of 1000B of the data directory");

        Files.delete(root.resolve("kept.bin"));
        try (FileChannel out = create("new.bin")) {
            out.position(400);
            assertThat(out.write(bytes(600))).as("removing kept data gives its room back").isEqualTo(600);
        }
    }

    @Test
    void itsWritesAreNotTheVersionsAndTheVersionsAreNotIts() throws IOException {
        mount(10_000, 100);
        try (FileChannel out = create("big.bin")) {
            assertThat(out.write(bytes(5000))).as("over the version's 100 bytes").isEqualTo(5000);
        }
        assertThat(sandbox.writes().grown()).isZero();
        Path other = sandbox.preopens().get(shared.toString());
        try (FileChannel out = FileChannel.open(other.resolve("x"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> out.write(bytes(101))).isInstanceOf(WriteQuotaExceededException.class)
                    .hasMessageContaining("write quota of 100B");
        }
    }

    @Test
    void filesAndDirectoriesCountAgainstTheEntriesFromWhatWasThere() throws IOException {
        mount(10_000, 5); // kept.bin and sub are two
        create("a").close();
        Files.createDirectory(root.resolve("d"));
        create("sub/b").close();
        assertThatThrownBy(() -> create("c")).isInstanceOf(WriteQuotaExceededException.class)
                .hasMessage("create /c: quota of 5 files and directories of the data directory of plugin-a reached");
        assertThatThrownBy(() -> Files.createDirectory(root.resolve("e")))
                .isInstanceOf(WriteQuotaExceededException.class);
        assertThat(own.resolve("c")).doesNotExist();
        assertThat(own.resolve("e")).doesNotExist();
        assertThat(refusals).hasSize(2);

        create("a").close();
        assertThat(Files.readAllBytes(root.resolve("a"))).as("opening what exists creates nothing").isEmpty();
        Files.delete(root.resolve("a"));
        create("c").close();
        Files.move(root.resolve("c"), root.resolve("sub/b"), StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectory(root.resolve("e"));
        assertThat(own.resolve("e")).isDirectory();
    }

    @Test
    void aRefusedCreateGivesItsEntryBack() throws IOException {
        mount(10_000, 3);
        assertThatThrownBy(() -> FileChannel.open(root.resolve("kept.bin"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> Files.createDirectory(root.resolve("sub")))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> create("missing/x")).isInstanceOf(NoSuchFileException.class);
        create("one").close();
        assertThatThrownBy(() -> create("two")).isInstanceOf(WriteQuotaExceededException.class);
    }

    @Test
    void theDirectoryIsJailedLikeEveryMount() throws IOException {
        Files.createSymbolicLink(own.resolve("to-b"), outside);
        mount(10_000, 100);
        assertThatThrownBy(() -> Files.readString(root.resolve("../plugin-b/secret.txt")))
                .as("'..' stops at the root, where there is no plugin-b").isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> Files.readString(root.resolve("to-b/secret.txt")))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> Files.createSymbolicLink(root.resolve("link"), root.resolve("kept.bin")))
                .isInstanceOf(java.nio.file.AccessDeniedException.class);
        assertThat(refusals).containsExactly("open /to-b/secret.txt: outside the granted mounts or denied",
                "symlink /link -> /kept.bin: links cannot be created in a sandbox");
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("B's data");
    }

    @Test
    void aMissingDirectoryIsAClearError() {
        assertThatThrownBy(() -> FileSandbox.of(List.of(), new WriteQuota(100, 100), refusals::add,
                List.of(new QuotaDirectory(tmp.resolve("nope"), "/data", 1, 1, "the data directory of x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the data directory of x " + tmp.resolve("nope") + " is not a directory");
    }
}
