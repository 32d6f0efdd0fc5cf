package dev.plinth.component.wit;

/** Where something is in a WIT source: the file's name, a 1-based line and column. */
public record Position(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
