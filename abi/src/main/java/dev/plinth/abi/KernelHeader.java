package dev.plinth.abi;

/**
 * How the host lays Extism's blocks out in the kernel memory, the linear memory that holds them
 * (see {@link GuestContext#kernelMemory()}): offset {@code o} is at address {@code o + BIAS}, and the
 * {@link #BIAS} + {@link ExtismMemory#BASE} bytes below the first block are a header of three i64
 * values that only the host writes, for the kernel functions inlined into a module to read: the
 * bytes in use after {@code BASE} ({@link #USED_AT}), the input's offset ({@link #INPUT_OFFSET_AT})
 * and length ({@link #INPUT_LENGTH_AT}). A zeroed header is an empty memory without input.
 */
public final class KernelHeader {
    /** The first offset handed out. */
    public static final long BASE = ExtismMemory.BASE;
    /** What is added to an offset to give its address. */
    public static final int BIAS = 16;
    /** Where the number of bytes in use after {@link #BASE} is kept. */
    public static final int USED_AT = 0;
    /** Where the input's offset is kept (0: no input). */
    public static final int INPUT_OFFSET_AT = 8;
    /** Where the input's length is kept. */
    public static final int INPUT_LENGTH_AT = 16;

    private KernelHeader() {
    }
}
