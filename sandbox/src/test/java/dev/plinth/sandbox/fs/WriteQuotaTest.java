package dev.plinth.sandbox.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.WriteQuota;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write quota and the hard-link rule of the jail, through {@code java.nio} directly: what is
 * counted per call and in all, what gives room back, and that a file shared by hard links with one
 * outside the mount is never changed through the jail.
 */
class WriteQuotaTest {
    private static final WriteQuota QUOTA = new WriteQuota(1000, 3000);

    @TempDir
    Path tmp;
    Path data;
    Path outside;
    final List<String> refusals = new ArrayList<>();
    FileSandbox sandbox;
    Path root;
    WriteMeter.CallWrites call;

    @BeforeEach
    void setUp() throws IOException {
        data = Files.createDirectories(tmp.resolve("data"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        sandbox = FileSandbox.of(List.of(FileMount.write(data)), QUOTA, refusals::add);
        root = sandbox.preopens().values().iterator().next();
        call = sandbox.writes().newCallCounter();
    }

    private static ByteBuffer bytes(int n) {
        return ByteBuffer.wrap(new byte[n]);
    }

    private FileChannel create(String name) throws IOException {
        return FileChannel.open(root.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    @Test
    void aCallMayWriteItsQuotaAndNotAByteMore() throws IOException {
        try (WriteMeter.Scope scope = call.enter(); FileChannel out = create("a.bin")) {
            assertThat(out.write(bytes(600))).isEqualTo(600);
            assertThat(out.write(bytes(400))).isEqualTo(400);
            assertThatThrownBy(() -> out.write(bytes(1))).isInstanceOf(WriteQuotaExceededException.class)
                    .hasMessage("write " + root.resolve("a.bin") + ": write quota of 1000B per call reached");
            assertThat(call.written()).isEqualTo(1000);
        }
        assertThat(Files.size(data.resolve("a.bin"))).as("the refused write wrote nothing").isEqualTo(1000);
        assertThat(refusals).singleElement().asString().contains("per call reached");

        call.reset();
        try (WriteMeter.Scope scope = call.enter(); FileChannel out = create("a.bin")) {
            out.position(1000);
            assertThat(out.write(bytes(500))).as("a new call has its own quota").isEqualTo(500);
        }
        assertThat(sandbox.writes().grown()).isEqualTo(1500);
    }

    @Test
    void overwritingCountsPerCallButTheFilesDidNotGrow() throws IOException {
        Files.write(data.resolve("a.bin"), new byte[800]);
        try (WriteMeter.Scope scope = call.enter(); FileChannel out = create("a.bin")) {
            out.write(bytes(800), 0);
        }
        assertThat(call.written()).isEqualTo(800);
        assertThat(sandbox.writes().grown()).isZero();
    }

    @Test
    void extendingAFileCountsWhatItAddsAndTheTotalStopsGrowth() throws IOException {
        try (WriteMeter.Scope scope = call.enter(); FileChannel out = create("sparse.bin")) {
            // what fd_filestat_set_size and fd_allocate do to extend a file: one byte at the new end
            assertThatThrownBy(() -> out.write(bytes(1), 1_000_000 - 1))
                    .isInstanceOf(WriteQuotaExceededException.class);
            assertThat(out.size()).isZero();
        }
        for (int i = 0; i < 3; i++) {
            call.reset();
            try (WriteMeter.Scope scope = call.enter(); FileChannel out = create("f" + i)) {
                out.write(bytes(1), 999);
            }
        }
        assertThat(sandbox.writes().grown()).isEqualTo(3000);
        call.reset();
        try (WriteMeter.Scope scope = call.enter(); FileChannel out = create("f3")) {
            assertThatThrownBy(() -> out.write(bytes(1))).isInstanceOf(WriteQuotaExceededException.class)
                    .hasMessageContaining("write quota of 3000B in all reached");
        }
    }

    @Test
    void truncatingAndRemovingGiveRoomBackButNotBelowZero() throws IOException {
        Files.write(data.resolve("old.bin"), new byte[2000]);
        try (WriteMeter.Scope scope = call.enter()) {
            try (FileChannel out = create("a.bin")) {
                out.write(bytes(1000));
                out.truncate(200);
            }
            assertThat(sandbox.writes().grown()).isEqualTo(200);
            Files.delete(root.resolve("a.bin"));
            assertThat(sandbox.writes().grown()).isZero();
            Files.delete(root.resolve("old.bin"));
            assertThat(sandbox.writes().grown()).as("removing what was there before buys no room").isZero();
            call.reset();
            try (FileChannel out = create("b.bin")) {
                out.write(bytes(900));
            }
            call.reset();
            try (FileChannel out = FileChannel.open(root.resolve("b.bin"), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                assertThat(sandbox.writes().grown()).as("open with O_TRUNC").isZero();
            }
            call.reset();
            try (FileChannel out = create("c.bin")) {
                out.write(bytes(500));
            }
            Files.move(root.resolve("b.bin"), root.resolve("c.bin"), StandardCopyOption.REPLACE_EXISTING);
            assertThat(sandbox.writes().grown()).as("the replaced file is gone").isZero();
        }
    }

    @Test
    void writesOutsideAnyCallAreEachACallOfTheirOwn() throws IOException {
        try (FileChannel out = create("a.bin")) {
            out.write(bytes(1000));
            out.write(bytes(1000));
            assertThatThrownBy(() -> out.write(bytes(1001))).isInstanceOf(WriteQuotaExceededException.class);
        }
        assertThat(sandbox.writes().grown()).isEqualTo(2000);
    }

    @Test
    void aFileSharedByAHardLinkWithOneOutsideIsReadButNeverChanged() throws IOException {
        Path secret = Files.writeString(outside.resolve("secret.txt"), "TOP SECRET");
        FileTime modified = Files.getLastModifiedTime(secret);
        Files.createLink(data.resolve("link.txt"), secret);

        assertThat(Files.readString(root.resolve("link.txt"))).isEqualTo("TOP SECRET");
        for (StandardOpenOption option : List.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            assertThatThrownBy(() -> FileChannel.open(root.resolve("link.txt"), StandardOpenOption.WRITE, option)
                    .close()).as(option.toString()).isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("a file with other hard links is read-only");
        }
        assertThatThrownBy(() -> Files.getFileAttributeView(root.resolve("link.txt"), BasicFileAttributeView.class)
                .setTimes(FileTime.fromMillis(0), null, null)).isInstanceOf(AccessDeniedException.class);
        assertThat(refusals).hasSize(4).allSatisfy(r -> assertThat(r).contains("has 2 hard links"));

        Files.move(root.resolve("link.txt"), root.resolve("renamed.txt"));
        Files.delete(root.resolve("renamed.txt"));
        assertThat(Files.readString(secret, StandardCharsets.UTF_8)).isEqualTo("TOP SECRET");
        assertThat(Files.getLastModifiedTime(secret)).isEqualTo(modified);
        assertThat(sandbox.writes().grown()).isZero();
    }

    @Test
    void aSandboxWithoutAQuotaCountsAndRefusesNothing() throws IOException {
        FileSandbox unlimited = FileSandbox.of(List.of(FileMount.write(data)), refusals::add);
        Path free = unlimited.preopens().values().iterator().next();
        try (FileChannel out = FileChannel.open(free.resolve("big.bin"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            out.write(bytes(1), 10L << 30);
        }
        assertThat(unlimited.writes().grown()).isEqualTo((10L << 30) + 1);
        assertThat(refusals).isEmpty();
    }
}
