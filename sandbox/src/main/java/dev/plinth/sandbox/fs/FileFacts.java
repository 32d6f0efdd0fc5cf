package dev.plinth.sandbox.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * What the jail needs to know about a real host path before it writes, truncates or removes it:
 * whether it is a regular file, its size and its number of hard links (names), read without
 * following a symlink. A path that does not exist has no facts.
 *
 * @param exists  whether anything is at the path
 * @param regular whether it is a regular file
 * @param size    its size in bytes (0 when absent)
 * @param links   its link count (1 where the platform does not tell)
 */
record FileFacts(boolean exists, boolean regular, long size, long links) {
    private static final FileFacts ABSENT = new FileFacts(false, false, 0, 0);

    static FileFacts of(Path real) throws IOException {
        try {
            Map<String, Object> unix = Files.readAttributes(real, "unix:isRegularFile,size,nlink",
                    LinkOption.NOFOLLOW_LINKS);
            return new FileFacts(true, (Boolean) unix.get("isRegularFile"), ((Number) unix.get("size")).longValue(),
                    ((Number) unix.get("nlink")).longValue());
        } catch (NoSuchFileException e) {
            return ABSENT;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            try {
                BasicFileAttributes basic = Files.readAttributes(real, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                return new FileFacts(true, basic.isRegularFile(), basic.size(), 1);
            } catch (NoSuchFileException absent) {
                return ABSENT;
            }
        }
    }

    /** A regular file with another name somewhere, possibly outside every mount. */
    boolean sharedByHardLinks() {
        return regular && links > 1;
    }

    /** What removing this name frees: a regular file's size when this is its only name, else nothing. */
    long freedByRemoval() {
        return regular && links == 1 ? size : 0;
    }
}
