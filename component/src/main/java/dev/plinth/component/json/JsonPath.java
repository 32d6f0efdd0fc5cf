package dev.plinth.component.json;

/**
 * Where a JSON value sits inside the document being converted, written as JSONPath-like text:
 * {@code $} for the root, {@code [3]} for an array element, {@code .name} for an object member
 * ({@code ["odd name"]} when the name is not a plain kebab-case word). Built as the converter
 * descends and rendered only when an error needs it.
 */
final class JsonPath {
    static final JsonPath ROOT = new JsonPath(null, null, -1);

    private final JsonPath parent;
    private final String member;
    private final int index;

    private JsonPath(JsonPath parent, String member, int index) {
        this.parent = parent;
        this.member = member;
        this.index = index;
    }

    JsonPath member(String name) {
        return new JsonPath(this, name, -1);
    }

    JsonPath index(int i) {
        return new JsonPath(this, null, i);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        render(out);
        return out.toString();
    }

    private void render(StringBuilder out) {
        if (parent == null) {
            out.append('$');
            return;
        }
        parent.render(out);
        if (member == null) {
            out.append('[').append(index).append(']');
        } else if (member.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
            out.append('.').append(member);
        } else {
            out.append("[\"").append(member.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
        }
    }
}
