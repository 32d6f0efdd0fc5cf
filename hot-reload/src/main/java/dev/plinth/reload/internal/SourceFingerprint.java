package dev.plinth.reload.internal;

import dev.plinth.host.PluginEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The stamps of a source's files ({@link PluginEngine#sourceFiles}: manifest, modules, signatures)
 * by their path: cheap to take (no reading), and different whenever a file is written, replaced,
 * added or removed. Two equal fingerprints taken a debounce interval apart mean the copy is
 * finished.
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
        for (Path file : PluginEngine.sourceFiles(source)) {
            try {
                stamps.put(file.toString(), stamp(file));
            } catch (NoSuchFileException e) {
                // removed while we looked: the next look sees the change
            }
        }
        return stamps.isEmpty() ? ABSENT : new SourceFingerprint(stamps);
    }

    /**
     * The stamp of what a file leads to (so that a ConfigMap's {@code ..data} link moving to new
     * files is a change), or of the link itself when it leads nowhere. A stat: nothing is opened.
     */
    private static FileStamp stamp(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        return new FileStamp(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                attributes.fileKey());
    }

    public boolean absent() {
        return files.isEmpty();
    }

    /** Total size of the files. */
    public long totalBytes() {
        return files.values().stream().mapToLong(FileStamp::size).sum();
    }
}
