package dev.plinth.api.unit;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes, as written in manifests and properties: {@code "64MB"}, {@code "128 MiB"},
 * {@code "1024"}. Units are binary, as in Spring's {@code DataSize}: 1KB = 1024B, 1MB = 1024KB,
 * and so on; KiB, MiB, GiB and TiB are accepted as synonyms. Units are case-insensitive.
 *
 * @param bytes the size in bytes, never negative
 */
public record DataSize(long bytes) implements Comparable<DataSize> {

    private static final long KB = 1024L;
    private static final long MB = KB * 1024;
    private static final long GB = MB * 1024;
    private static final long TB = GB * 1024;

    private static final Pattern FORM = Pattern.compile("([+-]?)([0-9]+)(\\.[0-9]*)?\\s*([A-Za-z]*)");
    private static final String ACCEPTED = "use a number with B, KB, MB or GB, e.g. \"64MB\"";

    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative: " + bytes + " bytes");
        }
    }

    /** A size of {@code bytes} bytes. */
    public static DataSize ofBytes(long bytes) {
        return new DataSize(bytes);
    }

    /** A size of {@code kilobytes} × 1024 bytes. */
    public static DataSize ofKilobytes(long kilobytes) {
        return new DataSize(Math.multiplyExact(kilobytes, KB));
    }

    /** A size of {@code megabytes} × 1024² bytes. */
    public static DataSize ofMegabytes(long megabytes) {
        return new DataSize(Math.multiplyExact(megabytes, MB));
    }

    /** A size of {@code gigabytes} × 1024³ bytes. */
    public static DataSize ofGigabytes(long gigabytes) {
        return new DataSize(Math.multiplyExact(gigabytes, GB));
    }

    /**
     * Reads a size: a whole, non-negative number, optionally followed (with or without a space) by
     * a unit: B, KB, MB, GB, TB or KiB, MiB, GiB, TiB, in any case. No unit means bytes.
     *
     * @throws IllegalArgumentException naming the text and the accepted form, when it is not a
     *     size, is negative, has a fraction, or does not fit in a {@code long}
     */
    public static DataSize parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no size given; " + ACCEPTED);
        }
        String quoted = Quoting.quote(text);
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(quoted + " is not a size; " + ACCEPTED);
        }
        long unit = unit(m.group(4));
        if (unit == 0) {
            throw new IllegalArgumentException(quoted + " is not a size; " + ACCEPTED);
        }
        if ("-".equals(m.group(1))) {
            throw new IllegalArgumentException(quoted + " is not a size: sizes cannot be negative; " + ACCEPTED);
        }
        if (m.group(3) != null) {
            throw new IllegalArgumentException(quoted + " is not a size: fractions are not allowed, use a"
                    + " smaller unit instead (\"1536MB\", not \"1.5GB\")");
        }
        try {
            return new DataSize(Math.multiplyExact(Long.parseLong(m.group(2)), unit));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(quoted + " is too large for a size (at most "
                    + Long.MAX_VALUE + " bytes)", e);
        }
    }

    private static long unit(String suffix) {
        switch (suffix.toUpperCase(Locale.ROOT)) {
            case "":
            case "B":
                return 1;
            case "KB":
            case "KIB":
                return KB;
            case "MB":
            case "MIB":
                return MB;
            case "GB":
            case "GIB":
                return GB;
            case "TB":
            case "TIB":
                return TB;
            default:
                return 0;
        }
    }

    /** The size in bytes (the same as {@link #bytes()}). */
    public long toBytes() {
        return bytes;
    }

    /** The size in whole kilobytes, rounded down. */
    public long toKilobytes() {
        return bytes / KB;
    }

    /** The size in whole megabytes, rounded down. */
    public long toMegabytes() {
        return bytes / MB;
    }

    @Override
    public int compareTo(DataSize other) {
        return Long.compare(bytes, other.bytes);
    }

    /** The size in the largest unit that shows it exactly, e.g. {@code "64MB"}, {@code "1536KB"}, {@code "0B"}. */
    @Override
    public String toString() {
        if (bytes != 0) {
            if (bytes % TB == 0) {
                return bytes / TB + "TB";
            }
            if (bytes % GB == 0) {
                return bytes / GB + "GB";
            }
            if (bytes % MB == 0) {
                return bytes / MB + "MB";
            }
            if (bytes % KB == 0) {
                return bytes / KB + "KB";
            }
        }
        return bytes + "B";
    }
}
