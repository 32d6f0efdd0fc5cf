package dev.plinth.sandbox.fs;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The provider of one {@link JailFileSystem}. Every operation maps the jailed path to a real host
 * path afresh ({@link #host}): the path is clamped at the jail's root, its parent is resolved with
 * {@link Path#toRealPath} (so symlinks anywhere in it are followed and then checked), the last name
 * is followed only when the operation follows links, and the result must lie inside the jail and
 * not under a deny rule. The host operation then runs on that real path with
 * {@link LinkOption#NOFOLLOW_LINKS}, so a symlink swapped in for the last name after the check is
 * not followed; where the platform has {@link java.nio.file.SecureDirectoryStream}s, opens of files
 * and directories walk from the mount's root with {@code openat}/{@code O_NOFOLLOW} per component
 * ({@link SecureWalk}), so no component swapped for a symlink after the check is followed. Writes also need a {@link FileMount.Access#WRITE} rule at the target,
 * are counted against the version's {@link WriteMeter} ({@link MeteredChannel}), and are refused for
 * a regular file with more than one hard link.
 */
final class JailProvider extends FileSystemProvider {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final Set<OpenOption> WRITE_OPTIONS = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.DELETE_ON_CLOSE);

    private final JailFileSystem fs;

    JailProvider(JailFileSystem fs) {
        this.fs = fs;
    }

    // ---- resolution -------------------------------------------------------------------------

    /** The real host path of a jailed path, or a refusal; see the class comment. */
    Path host(Path path, boolean followLast, String op) throws IOException {
        JailPath jailed = cast(path);
        List<String> names = ((JailPath) jailed.toAbsolutePath()).clampedNames();
        Path candidate;
        if (names.isEmpty()) {
            // The root too is re-resolved: a mount directory replaced by a symlink after the grant
            // must not lead anywhere else.
            candidate = fs.hostRoot().toRealPath();
        } else {
            Path parent = fs.hostRoot();
            try {
                for (String name : names.subList(0, names.size() - 1)) {
                    parent = parent.resolve(name);
                }
                parent = parent.toRealPath();
                if (fs.accessAt(parent) == FileMount.Access.DENY) {
                    throw outside(op, jailed);
                }
                candidate = parent.resolve(names.get(names.size() - 1));
            } catch (InvalidPathException e) {
                throw new NoSuchFileException(jailed.toString(), null, "invalid name");
            }
            if (!parent.equals(candidate.getParent())) {
                throw outside(op, jailed);
            }
            if (followLast && Files.isSymbolicLink(candidate)) {
                candidate = candidate.toRealPath();
            }
        }
        if (fs.accessAt(candidate) == FileMount.Access.DENY) {
            throw outside(op, jailed);
        }
        return candidate;
    }

    /** Like {@link #host}, and the target must be under a read-write rule. */
    private Path writable(Path path, boolean followLast, String op) throws IOException {
        Path real = host(path, followLast, op);
        if (fs.accessAt(real) != FileMount.Access.WRITE) {
            fs.refused(op + " " + JailFileSystem.shown(path) + ": read-only mount");
            throw new AccessDeniedException(path.toString(), null, "read-only mount");
        }
        return real;
    }

    private NoSuchFileException outside(String op, Path path) {
        fs.refused(op + " " + JailFileSystem.shown(path) + ": outside the granted mounts or denied");
        return new NoSuchFileException(path.toString(), null, "outside the granted mounts or denied");
    }

    /** The jailed path of a real host path inside the jail. */
    private JailPath jailed(Path real) {
        JailPath result = fs.root();
        for (Path name : fs.hostRoot().relativize(real)) {
            result = (JailPath) result.resolve(name.toString());
        }
        return result;
    }

    Path realPath(JailPath path) throws IOException {
        return jailed(host(path, true, "realpath").toRealPath());
    }

    private JailPath cast(Path path) {
        if (!(path instanceof JailPath) || path.getFileSystem() != fs) {
            throw new ProviderMismatchException();
        }
        return (JailPath) path;
    }

    // ---- files ------------------------------------------------------------------------------

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        boolean write = options.stream().anyMatch(WRITE_OPTIONS::contains);
        Path real = write ? writable(path, true, "open for writing") : host(path, true, "open");
        long truncated = 0;
        boolean creates = false;
        if (write) {
            FileFacts facts = FileFacts.of(real);
            requireOnlyName(facts, path, "open for writing");
            if (options.contains(StandardOpenOption.TRUNCATE_EXISTING) && facts.regular()) {
                truncated = facts.size();
            }
            creates = !facts.exists() && (options.contains(StandardOpenOption.CREATE)
                    || options.contains(StandardOpenOption.CREATE_NEW));
        }
        if (creates) {
            fs.entries().reserve("create " + JailFileSystem.shown(path));
        }
        Set<OpenOption> opts = new HashSet<>(options);
        opts.add(LinkOption.NOFOLLOW_LINKS);
        FileChannel channel;
        try {
            channel = SecureWalk.file(fs, real, opts, attrs);
            if (channel == null) {
                channel = FileChannel.open(real, opts, attrs);
            }
        } catch (IOException | RuntimeException e) {
            if (creates) {
                fs.entries().release();
            }
            throw e;
        }
        if (!write) {
            return new ReadOnlyChannel(channel, path.toString());
        }
        fs.writes().release(truncated);
        return new MeteredChannel(channel, fs.writes(), path.toString(), options.contains(StandardOpenOption.APPEND));
    }

    /**
     * A regular file with more than one hard link may be the same file as one outside every mount
     * (guests cannot make links, but the host's files may have them): it is not written through the
     * jail, so that what lies outside stays unchanged. Reading it stays allowed.
     */
    private void requireOnlyName(FileFacts facts, Path path, String op) throws AccessDeniedException {
        if (facts.sharedByHardLinks()) {
            fs.refused(op + " " + path + ": the file has " + facts.links() + " hard links (it may be a file"
                    + " outside the mount), so it is read-only here");
            throw new AccessDeniedException(path.toString(), null, "a file with other hard links is read-only");
        }
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
            FileAttribute<?>... attrs) throws IOException {
        return newFileChannel(path, options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        Path real = host(dir, true, "list");
        DirectoryStream<Path> secure = SecureWalk.directory(fs, real);
        DirectoryStream<Path> entries = secure != null ? secure : Files.newDirectoryStream(real);
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> inner = entries.iterator();
                return new Iterator<>() {
                    private Path next;

                    @Override
                    public boolean hasNext() {
                        while (next == null && inner.hasNext()) {
                            String name = inner.next().getFileName().toString();
                            if (fs.accessAt(real.resolve(name)) == FileMount.Access.DENY) {
                                continue;
                            }
                            Path candidate = dir.resolve(name);
                            try {
                                if (filter.accept(candidate)) {
                                    next = candidate;
                                }
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                        return next != null;
                    }

                    @Override
                    public Path next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        Path result = next;
                        next = null;
                        return result;
                    }
                };
            }

            @Override
            public void close() throws IOException {
                entries.close();
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        Path real = writable(dir, false, "mkdir");
        fs.entries().reserve("mkdir " + JailFileSystem.shown(dir));
        try {
            Files.createDirectory(real, attrs);
        } catch (IOException | RuntimeException e) {
            fs.entries().release();
            throw e;
        }
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        fs.refused("symlink " + JailFileSystem.shown(link) + " -> " + JailFileSystem.shown(target)
                + ": links cannot be created in a sandbox");
        throw new AccessDeniedException(link.toString(), null, "links cannot be created in a sandbox");
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        fs.refused("link " + JailFileSystem.shown(link) + " -> " + JailFileSystem.shown(existing)
                + ": links cannot be created in a sandbox");
        throw new AccessDeniedException(link.toString(), null, "links cannot be created in a sandbox");
    }

    @Override
    public void delete(Path path) throws IOException {
        Path real = writable(path, false, "remove");
        requireNoRuleRoot(real, path, "remove");
        long freed = FileFacts.of(real).freedByRemoval();
        if (!SecureWalk.delete(fs, real)) {
            Files.delete(real);
        }
        fs.writes().release(freed);
        fs.entries().release();
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        Path from = host(source, true, "copy");
        Path to = writable(target, false, "copy to");
        FileFacts replaced = FileFacts.of(to);
        requireOnlyName(replaced, target, "copy to");
        CopyOption[] opts = Arrays.copyOf(options, options.length + 1);
        opts[options.length] = LinkOption.NOFOLLOW_LINKS;
        long bytes = FileFacts.of(from).size();
        if (!replaced.exists()) {
            fs.entries().reserve("copy to " + JailFileSystem.shown(target));
        }
        boolean copied = false;
        try {
            WriteMeter.Reservation reservation = fs.writes().reserve(bytes, bytes, "copy to " + target);
            try {
                Files.copy(from, to, opts);
                copied = true;
            } finally {
                fs.writes().settle(reservation, copied ? bytes : 0, copied ? bytes : 0);
            }
        } finally {
            if (!copied && !replaced.exists()) {
                fs.entries().release();
            }
        }
        fs.writes().release(replaced.freedByRemoval());
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        Path from = writable(source, false, "rename");
        Path to = writable(target, false, "rename to");
        requireNoRuleRoot(from, source, "rename");
        requireNoRuleRoot(to, target, "rename to");
        // Chicory's path_rename asks for COPY_ATTRIBUTES too, which the JDK's move rejects on Unix
        // (so renames would always fail with ENOTSUP); a rename keeps attributes anyway.
        CopyOption[] opts = Arrays.stream(options).filter(o -> o != StandardCopyOption.COPY_ATTRIBUTES)
                .toArray(CopyOption[]::new);
        boolean replace = Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING);
        FileFacts replaced = replace && !from.equals(to) ? FileFacts.of(to) : null;
        long freed = replaced != null ? replaced.freedByRemoval() : 0;
        if (!replace || !SecureWalk.move(fs, from, to)) {
            Files.move(from, to, opts);
        }
        fs.writes().release(freed);
        if (replaced != null && replaced.exists()) {
            fs.entries().release();
        }
    }

    /** Moving or removing a directory that holds a rule's root would carry it away from the rule. */
    private void requireNoRuleRoot(Path real, Path path, String op) throws AccessDeniedException {
        if (fs.holdsRuleRoot(real)) {
            fs.refused(op + " " + JailFileSystem.shown(path) + ": holds a mount or deny rule");
            throw new AccessDeniedException(path.toString(), null, "holds a mount or deny rule");
        }
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        Path real = host(link, false, "readlink");
        if (!Files.isSymbolicLink(real)) {
            throw new NotLinkException(link.toString());
        }
        Path target = real.toRealPath();
        if (fs.accessAt(target) == FileMount.Access.DENY) {
            throw outside("follow symlink", link);
        }
        return jailed(target);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        if (path.equals(path2)) {
            return true;
        }
        return Files.isSameFile(host(path, true, "stat"), host(path2, true, "stat"));
    }

    @Override
    public boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    @Override
    public FileStore getFileStore(Path path) {
        throw new UnsupportedOperationException("no file stores in a sandbox");
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        boolean write = Arrays.asList(modes).contains(AccessMode.WRITE);
        Path real = write ? writable(path, true, "access") : host(path, true, "access");
        real.getFileSystem().provider().checkAccess(real, modes);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        if (type != BasicFileAttributeView.class) {
            return null;
        }
        boolean follow = !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
        return (V) new BasicFileAttributeView() {
            @Override
            public String name() {
                return "basic";
            }

            @Override
            public BasicFileAttributes readAttributes() throws IOException {
                return Files.readAttributes(host(path, follow, "stat"), BasicFileAttributes.class, NOFOLLOW);
            }

            @Override
            public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime)
                    throws IOException {
                Path real = writable(path, follow, "set times");
                requireOnlyName(FileFacts.of(real), path, "set times");
                if (!SecureWalk.setTimes(fs, real, lastModifiedTime, lastAccessTime, createTime)) {
                    Files.getFileAttributeView(real, BasicFileAttributeView.class, NOFOLLOW)
                            .setTimes(lastModifiedTime, lastAccessTime, createTime);
                }
            }
        };
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        boolean follow = !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
        return Files.readAttributes(host(path, follow, "stat"), type, NOFOLLOW);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        boolean follow = !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
        return Files.readAttributes(host(path, follow, "stat"), attributes, NOFOLLOW);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        boolean follow = !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
        Path real = writable(path, follow, "set attribute");
        requireOnlyName(FileFacts.of(real), path, "set attribute");
        Files.setAttribute(real, attribute, value, NOFOLLOW);
    }

    // ---- no URIs, no other file systems ------------------------------------------------------

    @Override
    public String getScheme() {
        return "plinth-sandbox";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("sandboxes are made by FileSandbox");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("sandboxes are made by FileSandbox");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("sandboxes are made by FileSandbox");
    }
}
