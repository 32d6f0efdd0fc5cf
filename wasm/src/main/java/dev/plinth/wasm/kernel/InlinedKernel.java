package dev.plinth.wasm.kernel;

/**
 * A module after {@link KernelInliner#inline}: its bytes and, when the kernel's byte functions were
 * inlined, the kernel memory the instance must be given (the host's Extism memory).
 *
 * @param bytes the module to compile (the input itself when nothing was inlined)
 * @param memoryIndex the kernel memory's index in the module's memory index space, or -1
 * @param definedMemoryPosition its position among the memories the module defines (not those it
 *     imports): the memory factory's call that must return the host's memory; -1 when none
 */
public record InlinedKernel(byte[] bytes, int memoryIndex, int definedMemoryPosition) {

    static InlinedKernel unchanged(byte[] bytes) {
        return new InlinedKernel(bytes, -1, -1);
    }

    /** Whether the module now reaches the kernel's bytes through its own kernel memory. */
    public boolean inlined() {
        return memoryIndex >= 0;
    }
}
