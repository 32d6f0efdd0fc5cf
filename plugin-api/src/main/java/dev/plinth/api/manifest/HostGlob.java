package dev.plinth.api.manifest;

import dev.plinth.api.unit.Quoting;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The host of a network rule as a glob, with the syntax and meaning of Extism's
 * {@code allowed_hosts} (the Rust runtime matches them with the {@code glob} crate's default
 * options, the Go SDK with {@code gobwas/glob}; both agree on what is accepted here):
 * <ul>
 *   <li>{@code *} matches any run of characters, <b>dots included</b>: {@code *.example.com} matches
 *       {@code api.example.com} and {@code a.b.example.com} (not {@code example.com}), and
 *       {@code google.*} matches {@code google.com}, {@code google.co.uk} and also
 *       {@code google.com.evil.net}, exactly as in Extism;
 *   <li>{@code ?} matches one character, a dot included;
 *   <li>{@code [abc]}, {@code [a-z0-9]} match one character of the set, {@code [!abc]} one not in it.
 * </ul>
 * Hosts and patterns are compared in lower case: Extism compares the URL's host, which its URL
 * parser has lower-cased, with the pattern as written, so a pattern with capitals there matches
 * nothing; here it matches what the same pattern in lower case matches.
 *
 * <p>Refused, each with a message that says why: an empty pattern, a scheme, a path, a port
 * (ports belong after the host in the rule: {@code connect:host:443}), {@code **} (which the
 * {@code glob} crate refuses too), characters that cannot be in a host name, empty labels, an
 * unclosed or empty {@code [...]}, a dot inside {@code [...]}, and a pattern other than {@code *} with no literal letter or
 * digit ({@code *.*}, {@code ?*}), which would grant (nearly) every host by accident; write
 * {@code *} to grant every host on purpose.
 *
 * <p>A glob never names an address: the gateway still refuses loopback, private, link-local and
 * metadata addresses that a matching name resolves to (or that a matching IPv4 literal is), unless
 * a rule names that very address without wildcards. IPv6 literals ({@code [::1]}) are not globs.
 */
public final class HostGlob {
    /** The characters a host name may contain, lower case. */
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-.";
    private static final long ALL = (1L << ALPHABET.length()) - 1;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_LENGTH = 253;

    private final String text;
    private final List<Token> tokens;

    private HostGlob(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    /**
     * Reads a host pattern ({@code api.example.com}, {@code *.example.com}, {@code jsonplaceholder.*.com},
     * {@code api-?.example.com}, {@code 10.0.0.*}, {@code *}).
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static HostGlob parse(String pattern) {
        String p = pattern.toLowerCase(Locale.ROOT);
        if (p.isEmpty()) {
            throw bad(pattern, "the host is empty");
        }
        if (p.contains("://")) {
            throw bad(pattern, "a host pattern has no scheme; write only the host, e.g. \"api.example.com\"");
        }
        if (p.indexOf('/') >= 0) {
            throw bad(pattern, "a host pattern has no path; write only the host, e.g. \"api.example.com\"");
        }
        if (p.indexOf(':') >= 0) {
            throw bad(pattern, "a host pattern has no port; put the port after it, e.g. \"connect:api.example.com:443\"");
        }
        if (p.length() > MAX_LENGTH) {
            throw bad(pattern, "it is longer than " + MAX_LENGTH + " characters");
        }
        if (p.contains("**")) {
            throw bad(pattern, "\"**\" is not a host pattern; a single \"*\" already matches across dots");
        }
        if (p.equals("*")) {
            return new HostGlob(p, List.of(Token.RUN));
        }
        List<Token> tokens = tokens(pattern, p);
        checkLabels(pattern, p);
        return new HostGlob(p, List.copyOf(tokens));
    }

    /** The pattern, in lower case. */
    public String text() {
        return text;
    }

    /** Whether this is {@code *}, which matches every host. */
    public boolean matchesEverything() {
        return tokens.size() == 1 && tokens.get(0) == Token.RUN;
    }

    /** Whether the pattern has no wildcard at all: a plain name or IPv4 address. */
    public boolean isLiteral() {
        return tokens.stream().allMatch(Token::isLiteral);
    }

    /**
     * Whether {@code host} (a name or dotted IPv4 address, compared in lower case; a trailing dot
     * is not removed here) matches the whole pattern.
     */
    public boolean matches(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        // One-star backtracking: each token but * takes exactly one character.
        int t = 0;
        int c = 0;
        int star = -1;
        int starAt = 0;
        while (c < h.length()) {
            if (t < tokens.size() && tokens.get(t) == Token.RUN) {
                star = t++;
                starAt = c;
            } else if (t < tokens.size() && tokens.get(t).accepts(h.charAt(c))) {
                t++;
                c++;
            } else if (star >= 0) {
                t = star + 1;
                c = ++starAt;
            } else {
                return false;
            }
        }
        while (t < tokens.size() && tokens.get(t) == Token.RUN) {
            t++;
        }
        return t == tokens.size();
    }

    /**
     * Whether every host that {@code other} matches is matched by this pattern too. The answer is
     * safe: {@code true} only when it is so; for a few pairs that are equivalent in a roundabout way
     * ({@code ?*} and {@code *?}) it says {@code false}.
     */
    public boolean covers(HostGlob other) {
        Boolean[][] memo = new Boolean[tokens.size() + 1][other.tokens.size() + 1];
        return covers(other.tokens, 0, 0, memo);
    }

    private boolean covers(List<Token> asked, int g, int a, Boolean[][] memo) {
        Boolean known = memo[g][a];
        if (known != null) {
            return known;
        }
        boolean result;
        if (g == tokens.size()) {
            result = a == asked.size();
        } else if (tokens.get(g) == Token.RUN) {
            // a * of ours takes nothing, or one more token of theirs, whatever that token is
            result = covers(asked, g + 1, a, memo) || (a < asked.size() && covers(asked, g, a + 1, memo));
        } else {
            result = a < asked.size() && asked.get(a) != Token.RUN && tokens.get(g).includes(asked.get(a))
                    && covers(asked, g + 1, a + 1, memo);
        }
        memo[g][a] = result;
        return result;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostGlob other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    private static List<Token> tokens(String original, String p) {
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < p.length(); i++) {
            char ch = p.charAt(i);
            switch (ch) {
                case '*' -> tokens.add(Token.RUN);
                case '?' -> tokens.add(Token.ONE);
                case '[' -> {
                    int close = p.indexOf(']', i + 1);
                    if (close < 0) {
                        throw bad(original, "\"[\" at position " + (i + 1) + " is not closed by \"]\"");
                    }
                    tokens.add(charClass(original, p.substring(i + 1, close)));
                    i = close;
                }
                case ']' -> throw bad(original, "\"]\" at position " + (i + 1) + " closes no \"[\"");
                default -> {
                    if (ALPHABET.indexOf(ch) < 0) {
                        throw bad(original, Quoting.quote(String.valueOf(ch)) + " cannot be part of a host name"
                                + " (use letters, digits, '-', '.', and the wildcards *, ? and [...])");
                    }
                    tokens.add(Token.literal(ch));
                }
            }
        }
        return tokens;
    }

    private static Token charClass(String original, String body) {
        boolean negated = body.startsWith("!");
        String set = negated ? body.substring(1) : body;
        if (set.isEmpty()) {
            throw bad(original, "\"[" + body + "]\" is an empty set of characters");
        }
        if (set.indexOf('.') >= 0) {
            throw bad(original, "\"[" + body + "]\" holds a dot; a set matches one character of a label,"
                    + " so write a rule for each alternative instead");
        }
        long mask = 0;
        for (int i = 0; i < set.length(); i++) {
            char from = set.charAt(i);
            char to = from;
            if (i + 2 < set.length() && set.charAt(i + 1) == '-') {
                to = set.charAt(i + 2);
                i += 2;
                if (to < from) {
                    throw bad(original, "the range \"" + from + "-" + to + "\" in \"[" + body + "]\" is reversed");
                }
            }
            for (char c = from; c <= to; c++) {
                int bit = ALPHABET.indexOf(c);
                if (bit < 0) {
                    throw bad(original, "\"[" + body + "]\" holds " + Quoting.quote(String.valueOf(c))
                            + ", which cannot be part of a host name");
                }
                mask |= 1L << bit;
            }
        }
        return negated ? new Token(ALL & ~mask, true) : new Token(mask, false);
    }

    /**
     * Every label between dots must be there; a label without wildcards must be a valid DNS label;
     * and some label must hold a literal letter or digit, so that the pattern does not match (nearly)
     * everything.
     */
    private static void checkLabels(String original, String p) {
        boolean anchored = false;
        boolean allDigits = true;
        for (String label : p.split("\\.", -1)) {
            if (label.isEmpty()) {
                throw bad(original, "it has an empty label (two dots in a row, or a dot at the start or end)");
            }
            boolean wild = label.indexOf('*') >= 0 || label.indexOf('?') >= 0 || label.indexOf('[') >= 0;
            if (!wild && !LABEL.matcher(label).matches()) {
                throw bad(original, Quoting.quote(label) + " is not a host-name label (letters, digits and '-',"
                        + " not at the start or end, at most 63)");
            }
            allDigits &= !wild && label.chars().allMatch(Character::isDigit);
            anchored |= hasLiteralLetterOrDigit(label);
        }
        if (!anchored) {
            throw bad(original, "it has no literal letter or digit, so it would match (nearly) every host;"
                    + " write \"*\" to grant every host on purpose");
        }
        if (allDigits && !isIpv4(p)) {
            throw bad(original, "it is all digits but not an IPv4 address");
        }
    }

    private static boolean hasLiteralLetterOrDigit(String label) {
        int depth = 0;
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (depth == 0 && Character.isLetterOrDigit(c)) {
                return true;
            }
        }
        return false;
    }

    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!part.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException bad(String pattern, String problem) {
        return new IllegalArgumentException(Quoting.quote(pattern) + " is not a host name or pattern: " + problem);
    }

    /**
     * One position of the pattern: {@code *} ({@link #RUN}), or one character out of a set over
     * {@link #ALPHABET}; {@code other} says whether characters outside the alphabet are in the set.
     */
    private record Token(long mask, boolean other) {
        static final Token RUN = new Token(0, false);
        static final Token ONE = new Token(ALL, true);

        static Token literal(char c) {
            return new Token(1L << ALPHABET.indexOf(c), false);
        }

        boolean isLiteral() {
            return this != RUN && !other && Long.bitCount(mask) == 1;
        }

        boolean accepts(char c) {
            int bit = ALPHABET.indexOf(c);
            return bit < 0 ? other : (mask & (1L << bit)) != 0;
        }

        /** Whether every character {@code narrower} accepts, this accepts. */
        boolean includes(Token narrower) {
            return (narrower.mask & ~mask) == 0 && (!narrower.other || other);
        }
    }
}
