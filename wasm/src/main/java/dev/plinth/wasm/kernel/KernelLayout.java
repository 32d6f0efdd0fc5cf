package dev.plinth.wasm.kernel;

/**
 * Where the host keeps Extism's blocks in the kernel memory, as the inlined functions must read
 * it: Extism offset {@code o} is address {@code o + bias}; the memory in use is the offsets
 * {@code [base, base + used)}, and the header below {@code bias + base} holds three i64 values the
 * host writes: {@code used} (the bytes in use after {@code base}, at {@code usedAt}), the input's
 * offset ({@code inputOffsetAt}) and length ({@code inputLengthAt}). A zeroed header is an empty
 * memory with no input.
 */
public record KernelLayout(long base, int bias, int usedAt, int inputOffsetAt, int inputLengthAt) {
    public KernelLayout {
        if (base <= 0 || bias < 0 || (long) bias + base > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("base " + base + " and bias " + bias + " do not make a layout");
        }
        for (int at : new int[] {usedAt, inputOffsetAt, inputLengthAt}) {
            if (at < 0 || at + 8L > bias + base) {
                throw new IllegalArgumentException("header field at " + at + " is not below the first block at "
                        + (bias + base));
            }
        }
    }

    /** The address of offset {@code base}: what the inlined accesses add to {@code offset - base}. */
    int firstBlockAddress() {
        return (int) (bias + base);
    }
}
