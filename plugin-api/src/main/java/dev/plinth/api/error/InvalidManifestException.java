package dev.plinth.api.error;

import java.util.Optional;

/**
 * A {@code plugin.toml} that cannot be read or breaks a rule. The message names the file, the
 * key (dotted path, such as {@code permissions.memory}) and the problem.
 */
public class InvalidManifestException extends PluginException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String key;
    private final String problem;

    /**
     * @param source where the manifest came from (a file path, or a label for in-memory text)
     * @param key the offending key as a dotted path, or {@code null} when the whole file is at fault
     * @param problem what is wrong, phrased so that it reads after "key: "
     */
    public InvalidManifestException(String source, String key, String problem) {
        this(source, key, problem, null);
    }

    public InvalidManifestException(String source, String key, String problem, Throwable cause) {
        super(ErrorCode.INVALID_MANIFEST, format(source, key, problem), cause);
        this.source = source;
        this.key = key;
        this.problem = problem;
    }

    private static String format(String source, String key, String problem) {
        return key == null ? source + ": " + problem : source + ": " + key + ": " + problem;
    }

    /** The file or label the manifest was read from. */
    public String source() {
        return source;
    }

    /** What is wrong, without the source and key. */
    public String problem() {
        return problem;
    }

    /** The dotted key at fault, if the problem belongs to one key. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
