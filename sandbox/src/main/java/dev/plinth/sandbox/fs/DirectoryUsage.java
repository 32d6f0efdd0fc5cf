package dev.plinth.sandbox.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a directory holds, measured when it is mounted: the bytes of its regular files and the
 * number of its entries (files, directories, links), not following symbolic links.
 *
 * @param bytes the sizes of its regular files added up
 * @param entries how many names it holds below its root
 */
record DirectoryUsage(long bytes, long entries) {
    static DirectoryUsage of(Path root) {
        long[] totals = new long[2];
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root)) {
                        totals[1]++;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    totals[1]++;
                    if (attrs.isRegularFile()) {
                        totals[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    totals[1]++;
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + root + ": " + e.getMessage(), e);
        }
        return new DirectoryUsage(totals[0], totals[1]);
    }
}
