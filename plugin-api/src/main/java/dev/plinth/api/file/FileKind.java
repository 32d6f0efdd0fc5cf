package dev.plinth.api.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What a file system entry is, in words for messages: "a FIFO (named pipe)", "a character device". */
final class FileKind {
    private static final int TYPE_MASK = 0170000;
    private static final int FIFO = 0010000;
    private static final int CHARACTER_DEVICE = 0020000;
    private static final int DIRECTORY = 0040000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final int REGULAR = 0100000;
    private static final int SYMBOLIC_LINK = 0120000;
    private static final int SOCKET = 0140000;

    private FileKind() {
    }

    /** The entry at {@code path} itself (links not followed), described. */
    static String of(Path path, BasicFileAttributes attributes) {
        Integer mode = unixMode(path);
        if (mode != null) {
            switch (mode & TYPE_MASK) {
                case FIFO:
                    return "a FIFO (named pipe)";
                case CHARACTER_DEVICE:
                    return "a character device";
                case BLOCK_DEVICE:
                    return "a block device";
                case SOCKET:
                    return "a socket";
                case DIRECTORY:
                    return "a directory";
                case SYMBOLIC_LINK:
                    return "a symbolic link";
                case REGULAR:
                    return "a regular file";
                default:
                    break;
            }
        }
        if (attributes.isDirectory()) {
            return "a directory";
        }
        if (attributes.isSymbolicLink()) {
            return "a symbolic link";
        }
        if (attributes.isRegularFile()) {
            return "a regular file";
        }
        return "a special file (a device, FIFO or socket)";
    }

    /** The {@code st_mode} of the entry where the platform tells it (Linux, macOS), else {@code null}. */
    private static Integer unixMode(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer value ? value : null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }
}
