package dev.plinth.config;

import java.util.Collection;
import java.util.Locale;

/**
 * Which known name an unknown one was probably meant to be, for the errors of a file or a command
 * line that has a typo: manifest and policy keys, and the CLI's commands and options.
 */
public final class KeySuggestion {
    private KeySuggestion() {
    }

    /**
     * The known name the unknown one was probably meant to be ({@code host_api} for
     * {@code host-api}, {@code verison} for {@code version}), or {@code null}.
     */
    public static String suggest(String unknown, Collection<String> known) {
        String u = unknown.toLowerCase(Locale.ROOT).replace('_', '-');
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = k.equals(u) ? 0 : distance(u, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(2, u.length() / 3));
        return bestDistance <= allowed ? best : null;
    }

    /** Levenshtein distance, bounded to short keys (long ones are never a close match). */
    private static int distance(String a, String b) {
        if (a.length() > 64 || b.length() > 64) {
            return Integer.MAX_VALUE;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
