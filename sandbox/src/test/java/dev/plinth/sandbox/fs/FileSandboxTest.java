package dev.plinth.sandbox.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSandboxTest {
    @TempDir
    Path tmp;
    Path data;
    Path outside;
    final List<String> refusals = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        data = Files.createDirectories(tmp.resolve("data"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(data.resolve("a.txt"), "A");
        Files.writeString(outside.resolve("secret.txt"), "S");
    }

    private Path root(FileMount... mounts) {
        FileSandbox sandbox = FileSandbox.of(List.of(mounts), refusals::add);
        return sandbox.preopens().values().iterator().next();
    }

    @Test
    void noMountsNoPreopens() {
        assertThat(FileSandbox.of(List.of()).preopens()).isEmpty();
    }

    @Test
    void guestPathsThatLeaveTheirDirectoryAreRecognised() {
        for (String escaping : List.of("/etc/passwd", "/", "..", "../x", "sub/../../x", "./../x", "a/b/../../../x")) {
            assertThat(FileSandbox.escapes(escaping)).as(escaping).isTrue();
        }
        for (String inside : List.of("a.txt", ".", "", "sub/../a.txt", "a/b/../../c", "./a//b/", "..a", "a..")) {
            assertThat(FileSandbox.escapes(inside)).as(inside).isFalse();
        }
    }

    @Test
    void refusalsMadeInFrontOfTheJailAreReportedLikeItsOwn() {
        FileSandbox sandbox = FileSandbox.of(List.of(FileMount.read(data)), refusals::add);
        sandbox.refused("path_open ../outside: outside its directory");
        FileSandbox.none().refused("nobody listens");
        assertThat(refusals).containsExactly("path_open ../outside: outside its directory");
    }

    @Test
    void guestPathIsHostPath() {
        FileSandbox sandbox = FileSandbox.of(List.of(FileMount.read(data)));
        assertThat(sandbox.preopens()).containsOnlyKeys(data.toAbsolutePath().toString());
    }

    @Test
    void aMountMayShowItsDirectoryAtAnotherGuestPath() throws IOException {
        FileSandbox sandbox = FileSandbox.of(List.of(FileMount.of(
                dev.plinth.api.manifest.PermissionRules.fs("read:" + data.toAbsolutePath() + ":/data"))));
        assertThat(sandbox.preopens()).containsOnlyKeys("/data");
        Path root = sandbox.preopens().get("/data");
        assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("A");
        assertThatThrownBy(() -> Files.readString(root.resolve("../outside/secret.txt")))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> Files.readString(root.resolve("/../../outside/secret.txt")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void twoDirectoriesAtOneGuestPathAreRefused() {
        assertThatThrownBy(() -> FileSandbox.of(List.of(new FileMount(data, "/data", FileMount.Access.READ),
                new FileMount(outside, "/data", FileMount.Access.READ))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("two directories are mounted at the guest path /data: " + data.toAbsolutePath() + " and "
                        + outside.toAbsolutePath() + "; a guest path shows one directory");
    }

    @Test
    void oneDirectoryGrantedTwiceAtOneGuestPathIsOneMountReadWriteIfEitherIs() throws IOException {
        FileSandbox sandbox = FileSandbox.of(List.of(FileMount.read(data), FileMount.write(data)));
        assertThat(sandbox.mounts()).singleElement().satisfies(m -> assertThat(m.access()).isEqualTo(FileMount.Access.WRITE));
        Files.writeString(sandbox.preopens().values().iterator().next().resolve("new.txt"), "N");
        assertThat(data.resolve("new.txt")).hasContent("N");
    }

    /** The jail judges access by host path: one directory at two guest paths is read-only through both. */
    @Test
    void oneDirectoryAtTwoGuestPathsWithDifferentAccessIsReadOnly() {
        FileSandbox sandbox = FileSandbox.of(List.of(new FileMount(data, "/rw", FileMount.Access.WRITE),
                new FileMount(data, "/ro", FileMount.Access.READ)));
        for (Path root : sandbox.preopens().values()) {
            assertThatThrownBy(() -> Files.writeString(root.resolve("x.txt"), "x")).isInstanceOf(IOException.class);
        }
        assertThat(data.resolve("x.txt")).doesNotExist();
    }

    @Test
    void guestPathsMustBeAbsoluteAndPlain() {
        for (String bad : List.of("data", "/data/../etc", "/./data", "//data")) {
            assertThatThrownBy(() -> new FileMount(data, bad, FileMount.Access.READ)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new FileMount(data, "/data/", FileMount.Access.READ).guestPath()).isEqualTo("/data");
        assertThat(new FileMount(data, "/", FileMount.Access.READ).guestPath()).isEqualTo("/");
    }

    @Test
    void readsInsideAndClampsDotDotAndAbsolute() throws IOException {
        Path root = root(FileMount.read(data));
        assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("A");
        assertThat(Files.readString(root.resolve("../../a.txt"))).isEqualTo("A");
        assertThatThrownBy(() -> Files.readString(root.resolve("../outside/secret.txt")))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> Files.readString(root.resolve("/etc/passwd")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void symlinkOutRefusedEvenWhenMadeAfterTheGrant() throws IOException {
        Files.createSymbolicLink(data.resolve("early"), outside.resolve("secret.txt"));
        Path root = root(FileMount.read(data));
        Files.createSymbolicLink(data.resolve("late"), outside);
        assertThatThrownBy(() -> Files.readString(root.resolve("early"))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> Files.readString(root.resolve("late/secret.txt")))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> Files.readSymbolicLink(root.resolve("early")))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(refusals).isNotEmpty();
    }

    @Test
    void symlinkInsideWorks() throws IOException {
        Files.createDirectories(data.resolve("sub"));
        Files.createSymbolicLink(data.resolve("sub/link"), Path.of("../a.txt"));
        Path root = root(FileMount.read(data));
        assertThat(Files.readString(root.resolve("sub/link"))).isEqualTo("A");
        assertThat(Files.readSymbolicLink(root.resolve("sub/link")).toString()).isEqualTo("/a.txt");
    }

    @Test
    void readOnlyRefusesEveryWrite() throws IOException {
        Files.createDirectories(data.resolve("dir"));
        Path root = root(FileMount.read(data));
        Path a = root.resolve("a.txt");
        assertThatThrownBy(() -> Files.writeString(a, "x")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.writeString(root.resolve("new.txt"), "x"))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> FileChannel.open(a, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.move(a, root.resolve("b.txt"))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.delete(a)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.createDirectory(root.resolve("d"))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.getFileAttributeView(a, BasicFileAttributeView.class)
                .setTimes(FileTime.fromMillis(0), null, null)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.createSymbolicLink(root.resolve("l"), a))
                .isInstanceOf(AccessDeniedException.class);
        try (FileChannel channel = FileChannel.open(a, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> channel.truncate(0)).isInstanceOf(AccessDeniedException.class);
        }
        assertThat(Files.readString(data.resolve("a.txt"))).isEqualTo("A");
        try (Stream<Path> s = Files.list(data)) {
            assertThat(s.map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
                    .isEqualTo(Set.of("a.txt", "dir"));
        }
    }

    @Test
    void writeMountWritesButNotIntoNestedReadOnlyOrDenied() throws IOException {
        Path ro = Files.createDirectories(data.resolve("ro"));
        Path secret = Files.createDirectories(data.resolve("secret"));
        Files.writeString(secret.resolve("key"), "K");
        FileSandbox sandbox = FileSandbox.of(
                List.of(FileMount.write(data), FileMount.read(ro), FileMount.deny(secret)), refusals::add);
        Path root = sandbox.preopens().get(data.toAbsolutePath().toString());
        Files.writeString(root.resolve("new.txt"), "N");
        Files.move(root.resolve("new.txt"), root.resolve("moved.txt"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectory(root.resolve("made"));
        assertThat(Files.readString(data.resolve("moved.txt"))).isEqualTo("N");
        assertThatThrownBy(() -> Files.writeString(root.resolve("ro/x"), "x")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.move(root.resolve("ro"), root.resolve("ro2")))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.readString(root.resolve("secret/key"))).isInstanceOf(NoSuchFileException.class);
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString())).doesNotContain("secret").contains("ro", "a.txt");
        }
        assertThat(Files.readString(secret.resolve("key"), StandardCharsets.UTF_8)).isEqualTo("K");
    }

    @Test
    void aMountReplacedByASymlinkAfterTheGrantLeadsNowhere() throws IOException {
        Path root = root(FileMount.read(data));
        Files.move(data, tmp.resolve("data-moved"));
        Files.createSymbolicLink(data, outside);
        assertThatThrownBy(() -> Files.list(root).close()).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> Files.readString(root.resolve("secret.txt"))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> Files.readAttributes(root, "unix:*")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aDirectorySwappedForASymlinkBetweenCheckAndOpenIsNotFollowed() throws IOException {
        Path sub = Files.createDirectories(data.resolve("sub"));
        Files.writeString(sub.resolve("secret.txt"), "inside");
        Path root = root(FileMount.read(data));
        JailFileSystem jail = (JailFileSystem) root.getFileSystem();
        // The check ran and found a real path inside the mount ...
        Path checked = jail.provider().host(root.resolve("sub/secret.txt"), true, "open");
        assertThat(checked).isEqualTo(data.toRealPath().resolve("sub/secret.txt"));
        // ... then a host process swaps the directory for a symlink that points out.
        Files.move(sub, tmp.resolve("sub-moved"));
        Files.createSymbolicLink(sub, outside);
        assertThat(Files.readString(checked)).isEqualTo("S"); // a plain path-based open would follow it
        assertThatThrownBy(() -> SecureWalk.file(jail, checked, Set.of(StandardOpenOption.READ)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> SecureWalk.directory(jail, checked.getParent())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Files.readString(root.resolve("sub/secret.txt")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void opensGoThroughSecureDirectoryStreamsHere() throws IOException {
        Path root = root(FileMount.read(data));
        JailFileSystem jail = (JailFileSystem) root.getFileSystem();
        try (FileChannel channel = SecureWalk.file(jail, data.toRealPath().resolve("a.txt"),
                Set.of(StandardOpenOption.READ))) {
            assertThat(channel).as("Linux has SecureDirectoryStream; the fallback is not in use").isNotNull();
            assertThat(channel.size()).isEqualTo(1);
        }
    }

    @Test
    void grantUnderDenyIsDropped() {
        FileSandbox sandbox = FileSandbox.of(List.of(FileMount.read(data), FileMount.deny(tmp)));
        assertThat(sandbox.preopens()).isEmpty();
    }

    @Test
    void parsesManifestRules() {
        assertThat(FileMount.parse("read:/data/images")).isEqualTo(FileMount.read(Path.of("/data/images")));
        assertThat(FileMount.parse("write:/tmp/x").access()).isEqualTo(FileMount.Access.WRITE);
        assertThatThrownBy(() -> FileMount.parse("exec:/bin")).isInstanceOf(IllegalArgumentException.class);
    }
}
