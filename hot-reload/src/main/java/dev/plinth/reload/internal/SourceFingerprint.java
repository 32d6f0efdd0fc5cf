package dev.plinth.reload.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The stamps of a source's files ({@link SourceFiles}) by file name: cheap to take (no reading),
 * and different whenever a file is written, replaced, added or removed. Two equal fingerprints
 * taken a debounce interval apart mean the copy is finished.
 */
public record SourceFingerprint(Map<String, FileStamp> files) {
    /** The fingerprint of a source that is not there. */
    public static final SourceFingerprint ABSENT = new SourceFingerprint(Map.of());

    public SourceFingerprint {
        files = Map.copyOf(files);
    }

    /** Takes the fingerprint now; {@link #ABSENT} when the source is gone. */
    public static SourceFingerprint of(Path source) throws IOException {
        Map<String, FileStamp> stamps = new TreeMap<>();
        for (Path file : SourceFiles.of(source)) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                stamps.put(file.getFileName().toString(), new FileStamp(attributes.size(),
                        attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                        attributes.fileKey()));
            } catch (NoSuchFileException e) {
                // removed while we looked: the next look sees the change
            }
        }
        return stamps.isEmpty() ? ABSENT : new SourceFingerprint(stamps);
    }

    public boolean absent() {
        return files.isEmpty();
    }

    /** Total size of the files. */
    public long totalBytes() {
        return files.values().stream().mapToLong(FileStamp::size).sum();
    }
}
