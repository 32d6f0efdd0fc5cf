package dev.plinth.component.json;

/**
 * A JSON document that is not a value of the WIT type it was read as (or a {@code Value} that is not
 * of the type it was written as): it names where, as a path such as {@code $[0].items[3].name}, and
 * what was expected there. The caller's mistake; no guest code ran.
 */
public final class JsonValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String path;

    public JsonValueException(String path, String problem) {
        super("at " + path + ": " + problem);
        this.path = path;
    }

    /** Where in the document, e.g. {@code $[0].items[3].name}; {@code $} is the whole document. */
    public String path() {
        return path;
    }
}
