package dev.plinth.wasm.binary;

/** Section ids of the WebAssembly binary format and the order in which known sections must appear. */
public final class SectionId {
    public static final int CUSTOM = 0;
    public static final int TYPE = 1;
    public static final int IMPORT = 2;
    public static final int FUNCTION = 3;
    public static final int TABLE = 4;
    public static final int MEMORY = 5;
    public static final int GLOBAL = 6;
    public static final int EXPORT = 7;
    public static final int START = 8;
    public static final int ELEMENT = 9;
    public static final int CODE = 10;
    public static final int DATA = 11;
    public static final int DATA_COUNT = 12;
    public static final int TAG = 13;

    /** Known section ids in the order the format requires (tag sits between memory and global). */
    private static final int[] ORDER = {TYPE, IMPORT, FUNCTION, TABLE, MEMORY, TAG, GLOBAL, EXPORT, START,
        ELEMENT, DATA_COUNT, CODE, DATA};

    private SectionId() {
    }

    /** The position of a known section id in the required order, or -1 for custom and unknown ids. */
    public static int rank(int id) {
        for (int i = 0; i < ORDER.length; i++) {
            if (ORDER[i] == id) {
                return i;
            }
        }
        return -1;
    }
}
