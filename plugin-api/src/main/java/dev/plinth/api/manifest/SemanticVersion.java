package dev.plinth.api.manifest;

import dev.plinth.api.unit.Quoting;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version such as {@code 1.4.2}, {@code 2.0.0-rc.1} or
 * {@code 1.0.0+build.5}. Ordering follows the spec's precedence rules: numeric core first, a
 * pre-release sorts before its release, pre-release identifiers compare one by one (numbers
 * numerically, below text; text in ASCII order; more identifiers win a tie), and build metadata
 * is ignored. Note that {@link #equals} (a record's) does look at the build, so two versions can
 * compare as 0 and still differ.
 *
 * @param major the major version
 * @param minor the minor version
 * @param patch the patch version
 * @param preRelease dot-separated pre-release identifiers without the leading '-', or empty
 * @param build dot-separated build metadata without the leading '+', or empty
 */
public record SemanticVersion(int major, int minor, int patch, String preRelease, String build)
        implements Comparable<SemanticVersion> {

    private static final String NUM = "(0|[1-9][0-9]*)";
    private static final String PRE_ID = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
    private static final String BUILD_ID = "[0-9A-Za-z-]+";
    private static final Pattern PRE = Pattern.compile(PRE_ID + "(?:\\." + PRE_ID + ")*");
    private static final Pattern BUILD = Pattern.compile(BUILD_ID + "(?:\\." + BUILD_ID + ")*");
    private static final Pattern FULL = Pattern.compile(NUM + "\\." + NUM + "\\." + NUM
            + "(?:-(" + PRE.pattern() + "))?(?:\\+(" + BUILD.pattern() + "))?");
    private static final int MAX_LENGTH = 256;

    public SemanticVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers cannot be negative: " + major + "." + minor + "." + patch);
        }
        Objects.requireNonNull(preRelease, "preRelease");
        Objects.requireNonNull(build, "build");
        if (!preRelease.isEmpty() && !PRE.matcher(preRelease).matches()) {
            throw new IllegalArgumentException("not a valid pre-release: \"" + preRelease + "\"");
        }
        if (!build.isEmpty() && !BUILD.matcher(build).matches()) {
            throw new IllegalArgumentException("not valid build metadata: \"" + build + "\"");
        }
    }

    /** The release {@code major.minor.patch}, with no pre-release and no build. */
    public static SemanticVersion of(int major, int minor, int patch) {
        return new SemanticVersion(major, minor, patch, "", "");
    }

    /**
     * Reads a version strictly as SemVer 2.0.0 writes it: three numbers without leading zeros,
     * optional {@code -pre.release} and {@code +build}; no {@code v} prefix, no spaces.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static SemanticVersion parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no version given; use a semantic version such as \"1.2.3\"");
        }
        String quoted = Quoting.quote(text);
        Matcher m = text.length() <= MAX_LENGTH ? FULL.matcher(text) : null;
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(quoted + " is not a semantic version" + hint(text)
                    + "; use MAJOR.MINOR.PATCH such as \"1.2.3\" or \"2.0.0-rc.1\"");
        }
        try {
            return new SemanticVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Objects.toString(m.group(4), ""), Objects.toString(m.group(5), ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(quoted + " is not a semantic version: a number is too large (at most "
                    + Integer.MAX_VALUE + ")", e);
        }
    }

    private static String hint(String text) {
        if (text.startsWith("v") || text.startsWith("V")) {
            return " (no 'v' prefix)";
        }
        if (!text.equals(text.strip())) {
            return " (no spaces)";
        }
        if (text.matches("[0-9]+(\\.[0-9]+)?")) {
            return " (all three numbers are needed)";
        }
        if (text.matches(".*(^|[.-])0[0-9].*")) {
            return " (no leading zeros)";
        }
        return "";
    }

    /** Whether this is a pre-release ({@code 1.0.0-rc.1}). */
    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    /** The same {@code major.minor.patch} with the given pre-release (empty for none) and no build. */
    public SemanticVersion withPreRelease(String preRelease) {
        return new SemanticVersion(major, minor, patch, preRelease, "");
    }

    /** The same version without build metadata. */
    public SemanticVersion withoutBuild() {
        return build.isEmpty() ? this : new SemanticVersion(major, minor, patch, preRelease, "");
    }

    /** The release {@code major.minor.patch} of this version, without pre-release and build. */
    public SemanticVersion release() {
        return preRelease.isEmpty() && build.isEmpty() ? this : of(major, minor, patch);
    }

    @Override
    public int compareTo(SemanticVersion other) {
        int c = Integer.compare(major, other.major);
        if (c == 0) {
            c = Integer.compare(minor, other.minor);
        }
        if (c == 0) {
            c = Integer.compare(patch, other.patch);
        }
        return c != 0 ? c : comparePreRelease(preRelease, other.preRelease);
    }

    private static int comparePreRelease(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            // A release outranks any of its pre-releases.
            return Boolean.compare(a.isEmpty(), b.isEmpty());
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = compareIdentifier(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static int compareIdentifier(String a, String b) {
        boolean an = isNumeric(a);
        boolean bn = isNumeric(b);
        if (an && bn) {
            // No leading zeros, so the longer number is the larger; same length compares as text.
            int c = Integer.compare(a.length(), b.length());
            return c != 0 ? c : a.compareTo(b);
        }
        if (an != bn) {
            return an ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static boolean isNumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The canonical text: {@code major.minor.patch[-preRelease][+build]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(major).append('.').append(minor).append('.').append(patch);
        if (!preRelease.isEmpty()) {
            sb.append('-').append(preRelease);
        }
        if (!build.isEmpty()) {
            sb.append('+').append(build);
        }
        return sb.toString();
    }
}
