package dev.plinth.sandbox.fs;

import dev.plinth.api.WriteQuota;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The file-system view of one plugin: a set of {@link FileMount}s turned into jailed
 * {@link java.nio.file.FileSystem}s, one per granted directory, whose root {@link Path}s are handed
 * to WASI as preopened directories ({@link #preopens()}). Deny by default: no mounts, no preopens.
 *
 * <p><b>Contained.</b> Every access re-resolves the guest's path against the host on each call:
 * {@code ..} never climbs above a mount's root; absolute paths are relative to the mount; the parent
 * directories are resolved with {@code toRealPath} and a symlink in the last name is followed only
 * when the operation follows links; the real result must lie inside the mount and outside every
 * {@link FileMount.Access#DENY} rule, else the guest gets "no such file" (the subtree is hidden, also
 * from directory listings). Because this is checked at each access, a symlink that points out is
 * refused even when it was created after the grant. Read-only mounts (and read-only mounts nested in
 * read-write ones) refuse every write: open for write/append/create/truncate, rename, remove, mkdir,
 * set times or attributes; so does renaming or removing a directory that holds a mount or deny rule.
 * Guests cannot create symlinks or hard links at all (a hard link could carry a read-only file into a
 * writable mount; a guest-made symlink is a tool for racing the check).
 *
 * <p><b>Hard links that already exist</b> in a mount (made by the host) may be names of files outside
 * it. They are read like any file, but a regular file with more than one link is never written
 * through the jail: opening it for writing (or truncating), setting its times or attributes is
 * refused and reported, so the file outside stays unchanged. Removing or renaming the name inside a
 * writable mount is allowed: it changes the mount's directory, not the file.
 *
 * <p><b>Write quotas.</b> What the version writes into its writable mounts is counted by its
 * {@link WriteMeter} against the {@link WriteQuota} given to {@link #of(Collection, WriteQuota,
 * Consumer)}, per call and in all; an operation over either is refused whole with a
 * {@link WriteQuotaExceededException} and reported. A {@link QuotaDirectory} (a plugin's data
 * directory) has quotas of its own instead: the bytes and the files and directories it holds,
 * counting what it held when it was mounted.
 *
 * <p><b>Not contained.</b> Check and host operation are two steps; opens, removes, renames
 * and time changes narrow the gap by walking from the mount's root with {@code openat} and
 * {@code O_NOFOLLOW} per component ({@link java.nio.file.SecureDirectoryStream}), so a directory
 * that a host process swaps for a symlink after the check is not followed; {@code stat},
 * {@code mkdir} and {@code readlink} stay path-based (the JDK has no {@code mkdirat} or
 * {@code readlinkat}), so such a host-side race could redirect one {@code mkdir} or reveal one
 * file's metadata; a host process that adds a hard link to a file between the link-count check and
 * the open could have it written. Guests cannot race the check: they cannot create links or move a rule's root.
 * Metadata such as inode numbers of files inside mounts is visible. FIFOs and devices inside a
 * mount are opened like files.
 */
public final class FileSandbox {
    /** One rule with its real host path. */
    record Rule(Path real, FileMount.Access access) {
    }

    private static final FileSandbox NONE = new FileSandbox(List.of(), Map.of(), message -> { },
            WriteMeter.unlimited(message -> { }));

    private final List<FileMount> mounts;
    private final Map<String, Path> preopens;
    private final Consumer<String> refusals;
    private final WriteMeter writes;

    private FileSandbox(List<FileMount> mounts, Map<String, Path> preopens, Consumer<String> refusals,
            WriteMeter writes) {
        this.mounts = mounts;
        this.preopens = preopens;
        this.refusals = refusals;
        this.writes = writes;
    }

    /** No files at all. */
    public static FileSandbox none() {
        return NONE;
    }

    /** A sandbox of these mounts; refusals are not reported. */
    public static FileSandbox of(Collection<FileMount> mounts) {
        return of(mounts, message -> { });
    }

    /** A sandbox of these mounts with no write quota. */
    public static FileSandbox of(Collection<FileMount> mounts, Consumer<String> refusals) {
        if (mounts.isEmpty()) {
            return NONE;
        }
        return of(mounts, WriteMeter.unlimited(refusals), refusals);
    }

    /**
     * A sandbox of these mounts.
     *
     * @param mounts    grants and deny rules; a grant under a deny rule is dropped
     * @param quota     what may be written into the writable mounts, per call and in all
     * @param refusals  told about every refused access (for logging and audit), quota refusals too
     * @throws IllegalArgumentException if a granted host directory does not exist or is not a directory
     */
    public static FileSandbox of(Collection<FileMount> mounts, WriteQuota quota, Consumer<String> refusals) {
        if (mounts.isEmpty()) {
            return NONE;
        }
        return of(mounts, new WriteMeter(quota, refusals), refusals);
    }

    /**
     * A sandbox of these mounts and directories of the plugin's own, each with its own quotas
     * (measured now, from what it holds) instead of {@code quota}.
     *
     * @throws IllegalArgumentException if a directory does not exist, or two directories share a guest path
     */
    public static FileSandbox of(Collection<FileMount> mounts, WriteQuota quota, Consumer<String> refusals,
            Collection<QuotaDirectory> own) {
        if (own.isEmpty()) {
            return of(mounts, quota, refusals);
        }
        List<FileMount> all = new ArrayList<>(mounts);
        Map<Path, QuotaDirectory> byHost = new LinkedHashMap<>();
        for (QuotaDirectory dir : own) {
            all.add(dir.mount());
            if (!Files.isDirectory(dir.hostPath(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException(dir.name() + " " + dir.hostPath() + " is not a directory");
            }
            byHost.put(real(dir.hostPath()), dir);
        }
        return of(all, new WriteMeter(quota, refusals), refusals, byHost);
    }

    private static FileSandbox of(Collection<FileMount> mounts, WriteMeter writes, Consumer<String> refusals) {
        return of(mounts, writes, refusals, Map.of());
    }

    private static FileSandbox of(Collection<FileMount> mounts, WriteMeter writes, Consumer<String> refusals,
            Map<Path, QuotaDirectory> own) {
        List<FileMount> list = onePerGuestPath(mounts);
        List<Rule> rules = new ArrayList<>();
        for (FileMount mount : list) {
            rules.add(new Rule(real(mount.hostPath()), mount.access()));
        }
        Map<String, Path> preopens = new LinkedHashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            FileMount mount = list.get(i);
            if (rule.access() == FileMount.Access.DENY) {
                continue;
            }
            if (!Files.isDirectory(rule.real())) {
                throw new IllegalArgumentException("mount " + mount.hostPath() + " is not a directory");
            }
            QuotaDirectory dir = own.get(rule.real());
            JailFileSystem jail;
            if (dir != null && mount.access() == FileMount.Access.WRITE && mount.guestPath().equals(dir.guestPath())) {
                DirectoryUsage usage = DirectoryUsage.of(rule.real());
                jail = new JailFileSystem(rule.real(), List.copyOf(rules), refusals,
                        new WriteMeter(dir.maxBytes(), usage.bytes(), dir.name(), refusals),
                        new EntryQuota(dir.maxEntries(), usage.entries(), dir.name(), refusals));
            } else {
                jail = new JailFileSystem(rule.real(), List.copyOf(rules), refusals, writes);
            }
            if (jail.accessAt(rule.real()) == FileMount.Access.DENY) {
                continue;
            }
            preopens.put(mount.guestPath(), jail.root());
        }
        return new FileSandbox(list, Collections.unmodifiableMap(preopens), refusals, writes);
    }

    /**
     * The mounts with one per guest path: two grants of the same host directory at one guest path
     * become one (read-write if either is); two different directories at one guest path are
     * refused, since the guest would see only one of them and could not tell which.
     *
     * @throws IllegalArgumentException naming both directories and the guest path
     */
    private static List<FileMount> onePerGuestPath(Collection<FileMount> mounts) {
        Map<String, Integer> byGuest = new LinkedHashMap<>();
        List<FileMount> kept = new ArrayList<>();
        for (FileMount mount : mounts) {
            if (!mount.grants()) {
                kept.add(mount);
                continue;
            }
            Integer at = byGuest.get(mount.guestPath());
            if (at == null) {
                byGuest.put(mount.guestPath(), kept.size());
                kept.add(mount);
                continue;
            }
            FileMount other = kept.get(at);
            if (!other.hostPath().equals(mount.hostPath())) {
                throw new IllegalArgumentException("two directories are mounted at the guest path " + mount.guestPath()
                        + ": " + other.hostPath() + " and " + mount.hostPath() + "; a guest path shows one directory");
            }
            if (mount.access() == FileMount.Access.WRITE) {
                kept.set(at, mount);
            }
        }
        return List.copyOf(kept);
    }

    /** What the version writes into its writable mounts, counted against its quota. */
    public WriteMeter writes() {
        return writes;
    }

    /**
     * Reports a refusal made in front of the jail, by the WASI layer, the same way as the jail's
     * own: for example a guest path that {@link #escapes} and that WASI turned down before asking
     * the jail.
     */
    public void refused(String message) {
        refusals.accept(message);
    }

    /**
     * Whether a guest path, as a WASI function takes it (relative to a directory descriptor), tries
     * to leave that directory: it is absolute, or its {@code ..} names climb above where it starts.
     * {@code sub/../a.txt} stays inside; {@code ../x}, {@code sub/../../x} and {@code /etc} do not.
     */
    public static boolean escapes(String guestPath) {
        if (guestPath.startsWith("/")) {
            return true;
        }
        int depth = 0;
        for (String name : guestPath.split("/")) {
            if (name.equals("..")) {
                depth--;
                if (depth < 0) {
                    return true;
                }
            } else if (!name.isEmpty() && !name.equals(".")) {
                depth++;
            }
        }
        return false;
    }

    /** Guest path to the root of its jailed view; pass each to {@code WasiOptions.withDirectory}. */
    public Map<String, Path> preopens() {
        return preopens;
    }

    /** The mounts this sandbox was made of. */
    public List<FileMount> mounts() {
        return mounts;
    }

    /** The real path of the longest existing prefix, with the rest appended. */
    private static Path real(Path path) {
        Path existing = path;
        Path rest = null;
        while (existing != null) {
            try {
                Path real = existing.toRealPath();
                return rest == null ? real : real.resolve(rest);
            } catch (NoSuchFileException e) {
                Path name = existing.getFileName();
                rest = rest == null ? name : name.resolve(rest);
                existing = existing.getParent();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return path;
    }

    @Override
    public String toString() {
        return "FileSandbox" + mounts;
    }
}
