package dev.plinth.api.manifest;

import dev.plinth.api.unit.Quoting;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set of semantic versions, written as in npm and Cargo: {@code ">=1.0.0, <2.0.0"},
 * {@code ">=1.0.0 <2.0.0"}, {@code "^1.2"}, {@code "~1.2.3"}, {@code "1.0.0"}, {@code "*"}, or
 * alternatives joined by {@code ||}. A plugin's {@code host-api} is one.
 *
 * <p>Comparators in one alternative are separated by commas or spaces and must all hold.
 * Versions in comparators may be partial ({@code "<2"}, {@code ">=1.1"}) or use {@code x}/{@code *}
 * for missing parts ({@code "1.x"}); missing parts count as zero, except that:
 * <ul>
 *   <li>{@code 1.2} or {@code =1.2} (bare or {@code =}) means {@code >=1.2.0, <1.3.0-0}; {@code 1}
 *       means {@code >=1.0.0, <2.0.0-0}; only a full version is an exact match;</li>
 *   <li>{@code >1.2} means {@code >=1.3.0}, and {@code <=1.2} means {@code <1.3.0-0};</li>
 *   <li>{@code <1.2} means {@code <1.2.0-0}, so it excludes 1.2's pre-releases too.</li>
 * </ul>
 * Caret ({@code ^}) allows changes that do not modify the left-most non-zero part:
 * {@code ^1.2.3} is {@code >=1.2.3, <2.0.0-0}; {@code ^0.2.3} is {@code >=0.2.3, <0.3.0-0};
 * {@code ^0.0.3} is {@code >=0.0.3, <0.0.4-0}; {@code ^0.0} is {@code <0.1.0-0}; {@code ^0} is
 * {@code <1.0.0-0}. Tilde ({@code ~}) allows patch changes when a minor version is given, minor
 * changes otherwise: {@code ~1.2.3} and {@code ~1.2} are {@code >=1.2.x, <1.3.0-0}; {@code ~1}
 * is {@code >=1.0.0, <2.0.0-0}.
 *
 * <p>Pre-releases: as in npm and Cargo, a pre-release version is contained only if some
 * comparator of the alternative names a pre-release of the same {@code major.minor.patch}
 * ({@code ">=1.0.0-beta"} contains {@code 1.0.0-rc.1} but not {@code 1.1.0-rc.1}); {@code *}
 * contains no pre-release. Build metadata is ignored. Hyphen ranges ({@code 1.0 - 2.0}) and a
 * {@code v} prefix are not accepted.
 */
public final class VersionRange {

    private static final String PART = "(\\*|x|X|0|[1-9][0-9]*)";
    private static final Pattern COMPARATOR = Pattern.compile("(>=|<=|>|<|=|\\^|~)?(.*)");
    private static final Pattern PARTIAL = Pattern.compile(PART + "(?:\\." + PART + "(?:\\." + PART
            + "((?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?))?)?");
    private static final Pattern OPERATOR_SPACE = Pattern.compile("(>=|<=|>|<|=|\\^|~)\\s+");
    private static final Pattern SEPARATOR = Pattern.compile("\\s*,\\s*|\\s+");
    private static final String EXAMPLES = "use comparators such as \">=1.0.0, <2.0.0\", \"^1.2\", \"~1.2.3\", \"1.0.0\" or \"*\"";
    private static final int MAX_LENGTH = 1024;

    /** Every release ({@code "*"}). Declared after the patterns that {@link #parse} uses. */
    public static final VersionRange ANY = parse("*");

    private enum Op {
        EQ, GT, GE, LT, LE
    }

    private record Bound(Op op, SemanticVersion version) {
        boolean test(SemanticVersion v) {
            int c = v.compareTo(version);
            return switch (op) {
                case EQ -> c == 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                case LT -> c < 0;
                case LE -> c <= 0;
            };
        }
    }

    private final String text;
    private final List<List<Bound>> alternatives;

    private VersionRange(String text, List<List<Bound>> alternatives) {
        this.text = text;
        this.alternatives = alternatives;
    }

    /**
     * Reads a range.
     *
     * @throws IllegalArgumentException naming the text and the part that is wrong
     */
    public static VersionRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException((text == null ? "no" : "an empty") + " version range; " + EXAMPLES);
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(Quoting.quote(text) + " is too long for a version range");
        }
        List<String> normalized = new ArrayList<>();
        List<List<Bound>> alternatives = new ArrayList<>();
        for (String alternative : text.split("\\|\\|", -1)) {
            String a = OPERATOR_SPACE.matcher(alternative.strip()).replaceAll("$1");
            if (a.isEmpty()) {
                throw invalid(text, "an alternative around \"||\" is empty");
            }
            List<String> tokens = List.of(SEPARATOR.split(a, -1));
            List<Bound> bounds = new ArrayList<>();
            for (String token : tokens) {
                if (token.isEmpty()) {
                    throw invalid(text, "a comparator is missing around ','");
                }
                addBounds(text, token, bounds);
            }
            normalized.add(String.join(", ", tokens));
            alternatives.add(List.copyOf(bounds));
        }
        return new VersionRange(String.join(" || ", normalized), List.copyOf(alternatives));
    }

    private static void addBounds(String text, String token, List<Bound> bounds) {
        Matcher c = COMPARATOR.matcher(token);
        c.matches();
        String op = c.group(1) == null ? "" : c.group(1);
        Matcher p = PARTIAL.matcher(c.group(2));
        if (!p.matches()) {
            throw invalid(text, Quoting.quote(token) + " is not a comparator");
        }
        int parts = p.group(3) != null ? 3 : p.group(2) != null ? 2 : 1;
        int given = 0;
        while (given < parts && !isWildcard(p.group(given + 1))) {
            given++;
        }
        for (int i = given; i < parts; i++) {
            if (!isWildcard(p.group(i + 1))) {
                throw invalid(text, Quoting.quote(token) + " has a number after a wildcard");
            }
        }
        String suffix = p.group(4) == null ? "" : p.group(4);
        if (given < 3 && !suffix.isEmpty()) {
            throw invalid(text, Quoting.quote(token) + " has a pre-release or build on a partial version");
        }
        int[] n = new int[3];
        try {
            for (int i = 0; i < given; i++) {
                n[i] = Integer.parseInt(p.group(i + 1));
            }
        } catch (NumberFormatException e) {
            throw invalid(text, Quoting.quote(token) + " has a number that is too large");
        }
        if (given == 0) {
            if (!op.isEmpty() && !op.equals("=") && !op.equals(">=")) {
                throw invalid(text, Quoting.quote(token) + ": a wildcard version takes no " + op);
            }
            return;
        }
        if (given == 3) {
            SemanticVersion v;
            try {
                v = SemanticVersion.parse(n[0] + "." + n[1] + "." + n[2] + suffix);
            } catch (IllegalArgumentException e) {
                throw invalid(text, Quoting.quote(token) + " is not a valid version");
            }
            addFull(op, v, bounds);
        } else {
            addPartial(op, given, n[0], n[1], bounds);
        }
    }

    private static boolean isWildcard(String part) {
        return part.equals("*") || part.equals("x") || part.equals("X");
    }

    private static void addFull(String op, SemanticVersion v, List<Bound> bounds) {
        switch (op) {
            case "", "=" -> bounds.add(new Bound(Op.EQ, v));
            case ">" -> bounds.add(new Bound(Op.GT, v));
            case ">=" -> bounds.add(new Bound(Op.GE, v));
            case "<" -> bounds.add(new Bound(Op.LT, v));
            case "<=" -> bounds.add(new Bound(Op.LE, v));
            case "~" -> {
                bounds.add(new Bound(Op.GE, v));
                addBelow(v.major(), v.minor() + 1L, 0, bounds);
            }
            case "^" -> {
                bounds.add(new Bound(Op.GE, v));
                if (v.major() > 0) {
                    addBelow(v.major() + 1L, 0, 0, bounds);
                } else if (v.minor() > 0) {
                    addBelow(0, v.minor() + 1L, 0, bounds);
                } else {
                    addBelow(0, 0, v.patch() + 1L, bounds);
                }
            }
            default -> throw new AssertionError(op);
        }
    }

    /** {@code given} is 1 ({@code major}) or 2 ({@code major.minor}). */
    private static void addPartial(String op, int given, int major, int minor, List<Bound> bounds) {
        SemanticVersion low = SemanticVersion.of(major, minor, 0);
        // The first version past the partial one: 1.2 -> 1.3.0, 1 -> 2.0.0.
        long nextMajor = given == 1 ? major + 1L : major;
        long nextMinor = given == 1 ? 0 : minor + 1L;
        switch (op) {
            case "", "=", "~" -> {
                bounds.add(new Bound(Op.GE, low));
                addBelow(nextMajor, nextMinor, 0, bounds);
            }
            case "^" -> {
                bounds.add(new Bound(Op.GE, low));
                if (major > 0 || given == 1) {
                    addBelow(major + 1L, 0, 0, bounds);
                } else {
                    addBelow(0, minor + 1L, 0, bounds);
                }
            }
            case ">=" -> bounds.add(new Bound(Op.GE, low));
            case ">" -> {
                if (fits(nextMajor, nextMinor, 0)) {
                    bounds.add(new Bound(Op.GE, SemanticVersion.of((int) nextMajor, (int) nextMinor, 0)));
                } else {
                    bounds.add(new Bound(Op.LT, SemanticVersion.of(0, 0, 0).withPreRelease("0")));
                }
            }
            case "<" -> bounds.add(new Bound(Op.LT, low.withPreRelease("0")));
            case "<=" -> addBelow(nextMajor, nextMinor, 0, bounds);
            default -> throw new AssertionError(op);
        }
    }

    /** Adds {@code < major.minor.patch-0}, unless that version is beyond what an int holds. */
    private static void addBelow(long major, long minor, long patch, List<Bound> bounds) {
        if (fits(major, minor, patch)) {
            bounds.add(new Bound(Op.LT, SemanticVersion.of((int) major, (int) minor, (int) patch).withPreRelease("0")));
        }
    }

    private static boolean fits(long major, long minor, long patch) {
        return major <= Integer.MAX_VALUE && minor <= Integer.MAX_VALUE && patch <= Integer.MAX_VALUE;
    }

    private static IllegalArgumentException invalid(String text, String problem) {
        return new IllegalArgumentException(Quoting.quote(text) + " is not a version range: " + problem + "; " + EXAMPLES);
    }

    /** Whether the version is in the range (see the class comment for pre-releases). */
    public boolean contains(SemanticVersion version) {
        Objects.requireNonNull(version, "version");
        for (List<Bound> bounds : alternatives) {
            if (matchesAll(bounds, version) && (!version.isPreRelease() || allowsPreRelease(bounds, version))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAll(List<Bound> bounds, SemanticVersion version) {
        for (Bound b : bounds) {
            if (!b.test(version)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowsPreRelease(List<Bound> bounds, SemanticVersion version) {
        for (Bound b : bounds) {
            SemanticVersion v = b.version();
            if (v.isPreRelease() && v.major() == version.major() && v.minor() == version.minor()
                    && v.patch() == version.patch()) {
                return true;
            }
        }
        return false;
    }

    /** The range as written, normalized: comparators joined by {@code ", "}, no space after operators. */
    @Override
    public String toString() {
        return text;
    }

    /** Two ranges are equal when their normalized texts are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof VersionRange r && r.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
