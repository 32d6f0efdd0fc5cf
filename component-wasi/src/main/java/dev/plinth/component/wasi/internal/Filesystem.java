package dev.plinth.component.wasi.internal;

import static dev.plinth.component.wasi.internal.Values.OK;
import static dev.plinth.component.wasi.internal.Values.err;
import static dev.plinth.component.wasi.internal.Values.ok;

import dev.plinth.api.unit.TextCap;
import dev.plinth.component.HostFunction;
import dev.plinth.component.HostResourceTable;
import dev.plinth.component.value.Value;
import dev.plinth.sandbox.fs.FileMount;
import dev.plinth.sandbox.fs.FileSandbox;
import dev.plinth.sandbox.fs.WriteMeter;
import dev.plinth.sandbox.fs.WriteQuotaExceededException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code wasi:filesystem/types} and {@code preopens} over the plugin's {@link FileSandbox}: each granted mount
 * is a preopened directory descriptor whose path lies in the mount's jailed file system, so every open, stat
 * and listing is checked by the same jail as WASI preview 1's (deny rules hide, read-only mounts refuse
 * writes, symlinks out are refused), and the jail reports what it refuses. Paths that are absolute or climb
 * out with {@code ..} are refused here first, and reported the same way. Writes count against the version's
 * write quota. Functions this host does not implement answer {@code unsupported}.
 */
final class Filesystem {
    /** The most entries one directory listing holds. */
    static final int MAX_ENTRIES = 10_000;
    /** The longest path one call may pass, as Linux's {@code PATH_MAX}. */
    static final int PATH_MAX = 4096;

    private final FileSandbox files;
    private final WriteMeter.CallWrites writes;
    private final WasiState state;
    final HostResourceTable<Descriptor> descriptors = new HostResourceTable<>("descriptor", 256);
    final HostResourceTable<Deque<Value>> directoryStreams = new HostResourceTable<>("directory-entry-stream", 64);

    Filesystem(FileSandbox files, WriteMeter.CallWrites writes, WasiState state) {
        this.files = files;
        this.writes = writes;
        this.state = state;
    }

    void register(Map<String, HostFunction> f) {
        String t = "wasi:filesystem/types#";
        f.put("wasi:filesystem/preopens#get-directories", args -> List.of(preopens()));
        f.put(t + "[method]descriptor.read-via-stream", args -> List.of(readViaStream(args)));
        f.put(t + "[method]descriptor.write-via-stream", args -> List.of(writeViaStream(args, false)));
        f.put(t + "[method]descriptor.append-via-stream", args -> List.of(writeViaStream(args, true)));
        f.put(t + "[method]descriptor.get-type", args -> List.of(ok(type(descriptors.get(args.get(0))))));
        f.put(t + "[method]descriptor.get-flags", args -> List.of(ok(flags(descriptors.get(args.get(0))))));
        f.put(t + "[method]descriptor.stat", args -> List.of(stat(descriptors.get(args.get(0)).path(), true)));
        f.put(t + "[method]descriptor.stat-at", args -> List.of(statAt(args)));
        f.put(t + "[method]descriptor.open-at", args -> List.of(openAt(args)));
        f.put(t + "[method]descriptor.read", args -> List.of(read(args)));
        f.put(t + "[method]descriptor.write", args -> List.of(write(args)));
        f.put(t + "[method]descriptor.read-directory", args -> List.of(readDirectory(args)));
        f.put(t + "[method]directory-entry-stream.read-directory-entry", args -> {
            Value next = directoryStreams.get(args.get(0)).poll();
            return List.of(ok(next == null ? Values.none() : Values.some(next)));
        });
        f.put(t + "[method]descriptor.create-directory-at", args -> List.of(atPath(args, "create-directory-at",
                p -> Files.createDirectory(p))));
        f.put(t + "[method]descriptor.unlink-file-at", args -> List.of(atPath(args, "unlink-file-at", p -> {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new FsError("is-directory");
            }
            Files.delete(p);
        })));
        f.put(t + "[method]descriptor.remove-directory-at", args -> List.of(atPath(args, "remove-directory-at", p -> {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new FsError("not-directory");
            }
            Files.delete(p);
        })));
        f.put(t + "[method]descriptor.sync", args -> List.of(OK));
        f.put(t + "[method]descriptor.sync-data", args -> List.of(OK));
        f.put(t + "[method]descriptor.advise", args -> List.of(OK));
        f.put(t + "[method]descriptor.is-same-object", args -> List.of(new Value.Bool(
                descriptors.get(args.get(0)).path().equals(descriptors.get(args.get(1)).path()))));
        for (String unsupported : List.of("set-size", "set-times", "set-times-at", "link-at", "readlink-at",
                "rename-at", "symlink-at", "metadata-hash", "metadata-hash-at")) {
            f.put(t + "[method]descriptor." + unsupported, args -> List.of(err(code("unsupported"))));
        }
        f.put(t + "filesystem-error-code", args -> {
            WasiError e = state.errors.get(args.get(0));
            return List.of(e.code() == null ? Values.none() : Values.some(code(e.code())));
        });
    }

    /** Every mount the plugin was granted, as a directory descriptor and its guest path. No grant: none. */
    private Value preopens() {
        List<Value> list = new ArrayList<>();
        for (Map.Entry<String, Path> e : files.preopens().entrySet()) {
            boolean writable = files.mounts().stream().anyMatch(m -> m.guestPath().equals(e.getKey())
                    && m.access() == FileMount.Access.WRITE);
            Descriptor d = new Descriptor(e.getValue(), e.getKey(), true, true, writable);
            list.add(new Value.Tuple(List.of(descriptors.own(d), new Value.Str(e.getKey()))));
        }
        return new Value.ListOf(list);
    }

    private Value readViaStream(List<Value> args) {
        long offset = Values.u64(args.get(1));
        return onFile(args, "read-via-stream", false, offset, d -> {
            SeekableByteChannel channel = Files.newByteChannel(d.path(), StandardOpenOption.READ);
            channel.position(offset);
            return ok(state.inputs.own(Streams.file(channel)));
        });
    }

    private Value writeViaStream(List<Value> args, boolean append) {
        long offset = append ? 0 : Values.u64(args.get(1));
        return onFile(args, append ? "append-via-stream" : "write-via-stream", true, offset, d -> {
            SeekableByteChannel channel;
            try (WriteMeter.Scope scope = writes.enter()) {
                channel = append ? Files.newByteChannel(d.path(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                        : Files.newByteChannel(d.path(), StandardOpenOption.WRITE);
            }
            if (!append) {
                channel.position(offset);
            }
            return ok(state.outputs.own(Streams.file(channel, writes::enter)));
        });
    }

    private Value openAt(List<Value> args) {
        Descriptor dir = descriptors.get(args.get(0));
        Set<String> pathFlags = Values.flags(args.get(1));
        String path = Values.str(args.get(2));
        Set<String> openFlags = Values.flags(args.get(3));
        Set<String> flags = Values.flags(args.get(4));
        boolean follow = pathFlags.contains("symlink-follow");
        LinkOption[] links = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        boolean read = flags.contains("read");
        boolean write = flags.contains("write") || flags.contains("mutate-directory");
        return guarded(shown(dir, path), "open-at", () -> {
            Path target = child(dir, path, "open-at");
            if (write && !dir.write()) {
                files.refused("open-at " + shown(dir, path) + ": for writing, in a read-only directory");
                return err(code("read-only"));
            }
            boolean exists = Files.exists(target, links);
            if (exists && Files.isDirectory(target, links)) {
                if (openFlags.contains("create") && openFlags.contains("exclusive")) {
                    return err(code("exist"));
                }
                return ok(descriptors.own(new Descriptor(target, shown(dir, path), true, read, write)));
            }
            if (openFlags.contains("directory")) {
                return err(code(exists ? "not-directory" : "no-entry"));
            }
            Set<OpenOption> options = new HashSet<>();
            options.add(StandardOpenOption.READ);
            if (flags.contains("write")) {
                options.add(StandardOpenOption.WRITE);
            }
            if (openFlags.contains("create")) {
                options.add(openFlags.contains("exclusive") ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
            }
            if (openFlags.contains("truncate")) {
                options.add(StandardOpenOption.TRUNCATE_EXISTING);
            }
            if (!follow) {
                options.add(LinkOption.NOFOLLOW_LINKS);
            }
            try (WriteMeter.Scope scope = writes.enter(); SeekableByteChannel c = Files.newByteChannel(target, options)) {
                // opened (and created or truncated) through the jail; streams and reads open it again
            }
            return ok(descriptors.own(new Descriptor(target, shown(dir, path), false, read, flags.contains("write"))));
        });
    }

    private Value statAt(List<Value> args) {
        Descriptor dir = descriptors.get(args.get(0));
        boolean follow = Values.flags(args.get(1)).contains("symlink-follow");
        String path = Values.str(args.get(2));
        return guarded(shown(dir, path), "stat-at", () -> stat(child(dir, path, "stat-at"), follow));
    }

    private Value stat(Path path, boolean follow) {
        return guarded(path.toString(), "stat", () -> {
            BasicFileAttributes a = follow ? Files.readAttributes(path, BasicFileAttributes.class)
                    : Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Map<String, Value> fields = new LinkedHashMap<>();
            fields.put("type", new Value.Enum(a.isDirectory() ? "directory" : a.isRegularFile() ? "regular-file"
                    : a.isSymbolicLink() ? "symbolic-link" : "unknown"));
            fields.put("link-count", Values.u64(1));
            fields.put("size", Values.u64(a.size()));
            fields.put("data-access-timestamp", Values.some(datetime(a.lastAccessTime())));
            fields.put("data-modification-timestamp", Values.some(datetime(a.lastModifiedTime())));
            fields.put("status-change-timestamp", Values.some(datetime(a.lastModifiedTime())));
            return ok(new Value.Record(fields));
        });
    }

    private Value read(List<Value> args) {
        long length = Values.u64(args.get(1));
        long offset = Values.u64(args.get(2));
        return onFile(args, "read", false, offset, d -> {
            try (SeekableByteChannel c = Files.newByteChannel(d.path(), StandardOpenOption.READ)) {
                c.position(offset);
                int max = (int) Math.min(Streams.READ_CHUNK, Long.compareUnsigned(length, Streams.READ_CHUNK) < 0 ? length
                        : Streams.READ_CHUNK);
                ByteBuffer buffer = ByteBuffer.allocate(max);
                int n = Math.max(0, c.read(buffer));
                boolean end = c.position() >= c.size();
                return ok(new Value.Tuple(List.of(Values.bytes(buffer.array(), n), new Value.Bool(end))));
            }
        });
    }

    private Value write(List<Value> args) {
        byte[] data = Values.bytes(args.get(1));
        long offset = Values.u64(args.get(2));
        return onFile(args, "write", true, offset, d -> {
            try (WriteMeter.Scope scope = writes.enter();
                    SeekableByteChannel c = Files.newByteChannel(d.path(), StandardOpenOption.WRITE)) {
                c.position(offset);
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    c.write(buffer);
                }
                return ok(Values.u64(data.length));
            }
        });
    }

    private Value readDirectory(List<Value> args) {
        Descriptor d = descriptors.get(args.get(0));
        if (!d.directory()) {
            return err(code("not-directory"));
        }
        return guarded(d.guestPath(), "read-directory", () -> {
            Deque<Value> entries = new ArrayDeque<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(d.path())) {
                for (Path p : stream) {
                    if (entries.size() >= MAX_ENTRIES) {
                        break;
                    }
                    boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                    boolean link = Files.isSymbolicLink(p);
                    Map<String, Value> fields = new LinkedHashMap<>();
                    fields.put("type", new Value.Enum(dir ? "directory" : link ? "symbolic-link" : "regular-file"));
                    fields.put("name", new Value.Str(p.getFileName().toString()));
                    entries.add(new Value.Record(fields));
                }
            }
            return ok(directoryStreams.own(entries));
        });
    }

    private interface FileOp {
        Value run(Descriptor file) throws IOException;
    }

    /**
     * Runs {@code op} on the file descriptor {@code args[0]}, guarded ({@link #guarded}), once the offset is
     * valid and the descriptor is a file opened for what {@code op} does: reading, or with {@code write} writing.
     */
    private Value onFile(List<Value> args, String what, boolean write, long offset, FileOp op) {
        Descriptor d = descriptors.get(args.get(0));
        if (offset < 0) {
            return err(code("invalid"));
        }
        if (d.directory()) {
            return err(code("is-directory"));
        }
        if (write ? !d.write() : !d.read()) {
            return err(code("bad-descriptor"));
        }
        return guarded(d.guestPath(), what, () -> op.run(d));
    }

    private interface PathAction {
        void run(Path p) throws IOException;
    }

    private Value atPath(List<Value> args, String what, PathAction action) {
        Descriptor dir = descriptors.get(args.get(0));
        String path = Values.str(args.get(1));
        if (!dir.write()) {
            files.refused(what + " " + shown(dir, path) + ": in a read-only directory");
            return err(code("read-only"));
        }
        return guarded(shown(dir, path), what, () -> {
            Path target = child(dir, path, what);
            try (WriteMeter.Scope scope = writes.enter()) {
                action.run(target);
            }
            return OK;
        });
    }

    /** {@code path} under the directory {@code dir}; an absolute or escaping path is refused and reported. */
    private Path child(Descriptor dir, String path, String what) {
        if (!dir.directory()) {
            throw new FsError("not-directory");
        }
        if (path.length() > PATH_MAX) {
            files.refused(what + " " + TextCap.chars(path, 64) + ": a path of " + path.length()
                    + " characters, longer than " + PATH_MAX);
            throw new FsError("name-too-long");
        }
        if (path.indexOf('\0') >= 0) {
            throw new FsError("invalid");
        }
        if (FileSandbox.escapes(path)) {
            files.refused(what + " " + TextCap.chars(shown(dir, path), 200)
                    + ": outside its directory (absolute, or climbing out with ..)");
            throw new FsError("not-permitted");
        }
        return path.isEmpty() || path.equals(".") ? dir.path() : dir.path().resolve(path);
    }

    private static String shown(Descriptor dir, String path) {
        return dir.guestPath() + (dir.guestPath().endsWith("/") ? "" : "/") + path;
    }

    private interface Io {
        Value run() throws IOException;
    }

    /** Runs {@code io}; what the jail or the file system refuses becomes the matching error code. */
    private Value guarded(String path, String what, Io io) {
        try {
            return io.run();
        } catch (FsError e) {
            return err(code(e.code));
        } catch (WriteQuotaExceededException e) {
            return err(code("quota"));
        } catch (NoSuchFileException e) {
            return err(code("no-entry"));
        } catch (FileAlreadyExistsException e) {
            return err(code("exist"));
        } catch (NotDirectoryException e) {
            return err(code("not-directory"));
        } catch (DirectoryNotEmptyException e) {
            return err(code("not-empty"));
        } catch (AccessDeniedException | SecurityException e) {
            return err(code("access"));
        } catch (ReadOnlyFileSystemException e) {
            return err(code("read-only"));
        } catch (UnsupportedOperationException e) {
            return err(code("unsupported"));
        } catch (IllegalArgumentException e) {
            // an offset past 2^63 (a u64 the guest chose), which no file has
            return err(code("invalid"));
        } catch (IOException e) {
            return err(code("io"));
        }
    }

    static Value code(String name) {
        return new Value.Enum(name);
    }

    static Value datetime(FileTime time) {
        java.time.Instant i = time.toInstant();
        return new Value.Record(Map.of("seconds", Values.u64(Math.max(0, i.getEpochSecond())),
                "nanoseconds", new Value.U32(i.getNano())));
    }

    static Value type(Descriptor d) {
        return new Value.Enum(d.directory() ? "directory" : "regular-file");
    }

    static Value flags(Descriptor d) {
        Set<String> set = new HashSet<>();
        if (d.read()) {
            set.add("read");
        }
        if (d.write()) {
            set.add(d.directory() ? "mutate-directory" : "write");
        }
        return new Value.Flags(set);
    }

    /** A filesystem error code to answer with. */
    static final class FsError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String code;

        FsError(String code) {
            super(code, null, false, false);
            this.code = code;
        }
    }

    static Optional<String> codeOf(Throwable t) {
        if (t instanceof WriteQuotaExceededException) {
            return Optional.of("quota");
        }
        if (t instanceof AccessDeniedException || t instanceof SecurityException) {
            return Optional.of("access");
        }
        if (t instanceof ReadOnlyFileSystemException) {
            return Optional.of("read-only");
        }
        return Optional.of("io");
    }
}
