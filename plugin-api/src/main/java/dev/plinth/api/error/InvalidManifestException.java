package dev.plinth.api.error;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code plugin.toml} that cannot be read or breaks a rule. The message names the file, the
 * key (dotted path, such as {@code permissions.memory}) and the problem. A manifest with several
 * problems is reported once, with all of them ({@link #problems()}), so that an operator fixes the
 * file in one go rather than one error per reload.
 */
public class InvalidManifestException extends PluginException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String key;
    private final String problem;
    private final List<InvalidManifestException> problems;

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
        this.problems = List.of(this);
    }

    private InvalidManifestException(List<InvalidManifestException> problems) {
        super(ErrorCode.INVALID_MANIFEST, format(problems.get(0).source, null, summary(problems)),
                problems.get(0));
        this.source = problems.get(0).source;
        this.key = null;
        this.problem = summary(problems);
        this.problems = List.copyOf(problems);
        problems.stream().skip(1).forEach(this::addSuppressed);
    }

    /**
     * One exception for all the problems found in one source: the problem itself when there is
     * one, else an exception whose message lists them in order ({@code "3 problems: plugin.name:
     * ...; permissions.fuel: ..."}) and whose {@link #problems()} holds each. Problems that are
     * themselves combined are flattened.
     *
     * @throws IllegalArgumentException when {@code problems} is empty
     */
    public static InvalidManifestException combine(List<? extends InvalidManifestException> problems) {
        Objects.requireNonNull(problems, "problems");
        List<InvalidManifestException> flat = problems.stream().flatMap(p -> p.problems().stream()).toList();
        if (flat.isEmpty()) {
            throw new IllegalArgumentException("no problems to report");
        }
        return flat.size() == 1 ? flat.get(0) : new InvalidManifestException(flat);
    }

    private static String summary(List<InvalidManifestException> problems) {
        StringBuilder text = new StringBuilder().append(problems.size()).append(" problems: ");
        for (int i = 0; i < problems.size(); i++) {
            InvalidManifestException p = problems.get(i);
            text.append(i == 0 ? "" : "; ").append(p.key == null ? p.problem : p.key + ": " + p.problem);
        }
        return text.toString();
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

    /**
     * Every problem of the source, each with its key: this exception alone when it reports one
     * problem.
     */
    public List<InvalidManifestException> problems() {
        return problems;
    }

    /** The dotted key at fault, if the problem belongs to one key (none when several are reported). */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
