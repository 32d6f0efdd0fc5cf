package dev.plinth.abi;

/**
 * What Extism's kernel keeps beside its blocks (its {@code MemoryRoot}): where the input, the output
 * and the error message are. Each is set only to a range inside the memory in use, as the kernel
 * bounds-checks them; a range outside it is ignored, as the kernel does. Cleared with the memory.
 */
final class KernelRoot {
    private final ExtismMemory memory;
    private long inputOffset;
    private long inputLength;
    private long outputOffset;
    private long outputLength;
    private long errorOffset;

    KernelRoot(ExtismMemory memory) {
        this.memory = memory;
    }

    /** Extism's {@code reset}, as a guest calls it: every block forgotten and zeroed, no input, output or error. */
    void reset() {
        memory.clear();
        forgetPointers();
    }

    /** The same between calls, letting a large heap go. */
    void release() {
        memory.release();
        forgetPointers();
    }

    private void forgetPointers() {
        inputOffset = 0;
        inputLength = 0;
        outputOffset = 0;
        outputLength = 0;
        errorOffset = 0;
        memory.publishInput(0, 0);
    }

    /** {@code input_set}: ignored unless the range lies in the memory in use. */
    void setInput(long offset, long length) {
        if (memory.inBounds(offset, length)) {
            inputOffset = offset;
            inputLength = length;
            memory.publishInput(offset, length);
        }
    }

    long inputOffset() {
        return inputOffset;
    }

    long inputLength() {
        return inputLength;
    }

    /** {@code input_load_u8}: 0 past the end of the input. */
    byte inputU8(long offset) {
        return Long.compareUnsigned(offset, inputLength) < 0 ? memory.loadU8(inputOffset + offset) : 0;
    }

    /** {@code input_load_u64}: 0 when the word does not lie wholly inside the input. */
    long inputU64(long offset) {
        boolean inside = inputLength >= 8 && Long.compareUnsigned(offset, inputLength - 8) <= 0;
        return inside ? memory.loadU64(inputOffset + offset) : 0;
    }

    /** {@code free}: as the kernel, freeing the input's block empties the input. */
    void free(long offset) {
        if (memory.free(offset) && offset == inputOffset) {
            inputLength = 0;
            memory.publishInput(inputOffset, 0);
        }
    }

    /** {@code output_set}: ignored unless the range lies in the memory in use; says whether it was taken. */
    boolean setOutput(long offset, long length) {
        if (!memory.inBounds(offset, length)) {
            return false;
        }
        outputOffset = offset;
        outputLength = length;
        return true;
    }

    long outputOffset() {
        return outputOffset;
    }

    long outputLength() {
        return outputLength;
    }

    /** {@code error_set}: 0 clears the error; any other offset is kept only if it lies in the memory in use. */
    void setError(long offset) {
        if (offset == 0 || memory.inBounds(offset, 1)) {
            errorOffset = offset;
        }
    }

    long errorOffset() {
        return errorOffset;
    }

    /**
     * The length of the error message as Extism's runtime judges it after a call: the length of the
     * live block at the error offset, so an offset that is not (or no longer) a block means no error.
     */
    long errorLength() {
        return errorOffset == 0 ? 0 : memory.length(errorOffset);
    }
}
