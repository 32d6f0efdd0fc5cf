package dev.plinth.component;

import dev.plinth.api.error.InvalidModuleException;

/**
 * The bytes are not a component binary this parser accepts: truncated, a length past the end of its
 * section, an unknown opcode, a reference to an index that does not exist. Names the section and
 * the byte offset in the binary where reading stopped.
 */
public final class MalformedComponentException extends InvalidModuleException {
    private static final long serialVersionUID = 1L;

    private final String section;
    private final int offset;

    public MalformedComponentException(String section, int offset, String problem) {
        super("malformed component: " + problem + " (" + section + " section, offset " + offset + ")");
        this.section = section;
        this.offset = offset;
    }

    /** The section being read, e.g. {@code type} or {@code canon}; {@code preamble} for the header. */
    public String section() {
        return section;
    }

    /** The byte offset in the component binary where the problem was found. */
    public int offset() {
        return offset;
    }
}
