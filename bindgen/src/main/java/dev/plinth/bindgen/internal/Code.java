package dev.plinth.bindgen.internal;

/** A Java source being written: lines at an indentation, Javadoc from WIT doc comments. */
final class Code {
    private final StringBuilder out = new StringBuilder();
    private int indent;

    Code line(String text) {
        if (!text.isEmpty()) {
            out.append("    ".repeat(indent)).append(text);
        }
        out.append('\n');
        return this;
    }

    Code open(String text) {
        line(text + " {");
        indent++;
        return this;
    }

    Code close() {
        indent--;
        return line("}");
    }

    /** A Javadoc comment of {@code docs} (WIT doc text), or of {@code fallback} if there are none. */
    Code javadoc(String docs, String fallback) {
        String text = docs.isBlank() ? fallback : docs;
        if (text.isBlank()) {
            return this;
        }
        String[] lines = escape(text).split("\n", -1);
        if (lines.length == 1) {
            return line("/** " + lines[0] + " */");
        }
        line("/**");
        for (String l : lines) {
            line((" * " + l).stripTrailing());
        }
        return line(" */");
    }

    private static String escape(String docs) {
        return docs.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("*/", "*&#47;")
                .replace("{@", "{&#64;").replaceAll("(?m)^(\\s*)@", "$1&#64;").replace("\\u", "\\\\u");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
