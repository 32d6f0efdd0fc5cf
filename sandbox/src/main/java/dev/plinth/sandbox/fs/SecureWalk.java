package dev.plinth.sandbox.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.util.Set;

/**
 * Opens an already checked real path without following any symlink on the way: from the granted
 * directory (verified by its file key, so a mount swapped after the grant is not opened), each
 * directory is opened relative to the previous one with {@code NOFOLLOW_LINKS}
 * ({@link SecureDirectoryStream}, i.e. {@code openat} with {@code O_NOFOLLOW}), and so is the file
 * at the end. If a host process swapped any component for a symlink since the check, the open fails
 * instead of following it. Returns {@code null} where the platform has no secure directory streams;
 * callers then fall back to a path-based open of the checked path.
 */
final class SecureWalk {
    private SecureWalk() {
    }

    /** The directory at {@code real} as a secure stream, or {@code null} if the platform has none. */
    static SecureDirectoryStream<Path> directory(JailFileSystem fs, Path real) throws IOException {
        SecureDirectoryStream<Path> dir = root(fs);
        if (dir == null) {
            return null;
        }
        try {
            for (Path name : fs.hostRoot().relativize(real)) {
                if (name.toString().isEmpty()) {
                    continue;
                }
                SecureDirectoryStream<Path> child = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
                dir.close();
                dir = child;
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    /** The file at {@code real} opened with {@code options}, or {@code null} if the platform cannot. */
    static FileChannel file(JailFileSystem fs, Path real, Set<OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        Path parent = real.getParent();
        if (parent == null || !real.startsWith(fs.hostRoot()) || real.equals(fs.hostRoot())) {
            return null;
        }
        SecureDirectoryStream<Path> dir = directory(fs, parent);
        if (dir == null) {
            return null;
        }
        try (dir) {
            SeekableByteChannel channel = dir.newByteChannel(real.getFileName(), options, attrs);
            if (channel instanceof FileChannel) {
                return (FileChannel) channel;
            }
            channel.close();
            return null;
        }
    }

    /** Removes the file, link or empty directory at {@code real}; false if the platform cannot. */
    static boolean delete(JailFileSystem fs, Path real) throws IOException {
        SecureDirectoryStream<Path> dir = parentOf(fs, real);
        if (dir == null) {
            return false;
        }
        try (dir) {
            Path name = real.getFileName();
            boolean directory = dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes().isDirectory();
            if (directory) {
                dir.deleteDirectory(name);
            } else {
                dir.deleteFile(name);
            }
            return true;
        }
    }

    /** Renames {@code from} to {@code to}, replacing it ({@code renameat}); false if the platform cannot. */
    static boolean move(JailFileSystem fs, Path from, Path to) throws IOException {
        SecureDirectoryStream<Path> source = parentOf(fs, from);
        if (source == null) {
            return false;
        }
        try (source; SecureDirectoryStream<Path> target = parentOf(fs, to)) {
            if (target == null) {
                return false;
            }
            source.move(from.getFileName(), target, to.getFileName());
            return true;
        }
    }

    /** Sets the times of {@code real} without following a link; false if the platform cannot. */
    static boolean setTimes(JailFileSystem fs, Path real, FileTime modified, FileTime accessed, FileTime created)
            throws IOException {
        SecureDirectoryStream<Path> dir = parentOf(fs, real);
        if (dir == null) {
            return false;
        }
        try (dir) {
            dir.getFileAttributeView(real.getFileName(), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(modified, accessed, created);
            return true;
        }
    }

    private static SecureDirectoryStream<Path> parentOf(JailFileSystem fs, Path real) throws IOException {
        if (real.getParent() == null || !real.startsWith(fs.hostRoot()) || real.equals(fs.hostRoot())) {
            return null;
        }
        return directory(fs, real.getParent());
    }

    private static SecureDirectoryStream<Path> root(JailFileSystem fs) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(fs.hostRoot());
        if (!(stream instanceof SecureDirectoryStream)) {
            stream.close();
            return null;
        }
        SecureDirectoryStream<Path> root = (SecureDirectoryStream<Path>) stream;
        Object key = root.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
        if (key == null || !key.equals(fs.rootKey())) {
            root.close();
            fs.refused("open " + fs.hostRoot() + ": the mount is no longer the granted directory");
            throw new NoSuchFileException(fs.hostRoot().toString(), null, "the mount is no longer the granted directory");
        }
        return root;
    }
}
