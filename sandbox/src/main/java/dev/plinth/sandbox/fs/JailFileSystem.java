package dev.plinth.sandbox.fs;

import dev.plinth.api.unit.TextCap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A view of one host directory (the jail's root) in which every path is resolved inside the jail
 * and checked against the sandbox's rules on every access. See {@link FileSandbox}.
 */
final class JailFileSystem extends FileSystem {
    /** The longest path a refusal message shows, in characters. */
    static final int SHOWN_PATH_CHARS = 256;

    private final JailProvider provider;
    private final Path hostRoot;
    private final List<FileSandbox.Rule> rules;
    private final Consumer<String> refusals;
    private final JailPath root;
    private final Object rootKey;
    private final WriteMeter writes;
    private final EntryQuota entries;

    JailFileSystem(Path hostRoot, List<FileSandbox.Rule> rules, Consumer<String> refusals, WriteMeter writes) {
        this(hostRoot, rules, refusals, writes, EntryQuota.unlimited());
    }

    JailFileSystem(Path hostRoot, List<FileSandbox.Rule> rules, Consumer<String> refusals, WriteMeter writes,
            EntryQuota entries) {
        Object key;
        try {
            key = Files.readAttributes(hostRoot, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.rootKey = key;
        this.provider = new JailProvider(this);
        this.hostRoot = hostRoot;
        this.rules = rules;
        this.refusals = refusals;
        this.writes = writes;
        this.entries = entries;
        this.root = new JailPath(this, true, List.of());
    }

    JailPath root() {
        return root;
    }

    /** The file key (device and inode) of the granted directory, when the platform has one. */
    Object rootKey() {
        return rootKey;
    }

    /** The real (symlink-free) host directory of the root. */
    Path hostRoot() {
        return hostRoot;
    }

    /** What the rules allow at a real host path: the deepest grant, unless a deny rule covers it. */
    FileMount.Access accessAt(Path real) {
        FileMount.Access best = FileMount.Access.DENY;
        int depth = -1;
        for (FileSandbox.Rule rule : rules) {
            if (!real.startsWith(rule.real())) {
                continue;
            }
            if (rule.access() == FileMount.Access.DENY) {
                return FileMount.Access.DENY;
            }
            int ruleDepth = rule.real().getNameCount();
            if (ruleDepth > depth) {
                depth = ruleDepth;
                best = rule.access();
            } else if (ruleDepth == depth && rule.access() == FileMount.Access.READ) {
                // one directory granted twice (at two guest paths): the read-only grant wins
                best = FileMount.Access.READ;
            }
        }
        return real.startsWith(hostRoot) ? best : FileMount.Access.DENY;
    }

    /** True if a rule's root lies at or below the real path (moving or removing it would dodge the rule). */
    boolean holdsRuleRoot(Path real) {
        for (FileSandbox.Rule rule : rules) {
            if (rule.real().startsWith(real)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A path as refusal messages show it: at most {@value #SHOWN_PATH_CHARS} characters, the cut
     * marked, since a guest chooses the path and may make it megabytes long.
     */
    static String shown(Path path) {
        return TextCap.chars(String.valueOf(path), SHOWN_PATH_CHARS);
    }

    /** What the version writes into its mounts, against its quota. */
    WriteMeter writes() {
        return writes;
    }

    /** The files and directories the jail may hold, if it has such a quota. */
    EntryQuota entries() {
        return entries;
    }

    void refused(String message) {
        refusals.accept(message);
    }

    @Override
    public JailProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        // nothing to release: the jail holds no open resources of its own
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return accessAt(hostRoot) != FileMount.Access.WRITE;
    }

    @Override
    public String getSeparator() {
        return "/";
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return List.of(root);
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return List.of();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return FileSystems.getDefault().supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        StringBuilder text = new StringBuilder(first);
        for (String part : more) {
            if (!part.isEmpty()) {
                text.append('/').append(part);
            }
        }
        return JailPath.parse(this, text.toString());
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        throw new UnsupportedOperationException("no path matchers in a sandbox");
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        throw new UnsupportedOperationException("no principals in a sandbox");
    }

    @Override
    public WatchService newWatchService() throws IOException {
        throw new UnsupportedOperationException("no watching in a sandbox");
    }

    @Override
    public String toString() {
        return "sandbox:" + hostRoot;
    }
}
