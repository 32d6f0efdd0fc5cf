package dev.plinth.component.internal.abi;

import com.dylibso.chicory.runtime.ExportFunction;
import dev.plinth.component.CanonicalAbiException;
import dev.plinth.component.CanonicalAbiException.Violation;
import dev.plinth.component.internal.binary.StringEncoding;

/**
 * What lifting and lowering need for one call: the guest's memory, string encoding and realloc (from the
 * canonical options), the layout cache, and the call's budget under the limits. A new one for every call.
 */
public final class CallContext {
    private final GuestMemory memory;
    private final StringEncoding encoding;
    private final ExportFunction realloc;
    private final Layout layout;
    private final AbiLimits limits;
    private final HandleCheck handles;
    private long units;

    /** Checks that a handle crossing the boundary exists in the instance's table, with its resource type. */
    public interface HandleCheck {
        void check(dev.plinth.component.type.ResourceType type, int index);
    }

    public CallContext(GuestMemory memory, StringEncoding encoding, ExportFunction realloc, Layout layout,
            AbiLimits limits, HandleCheck handles) {
        this.handles = handles;
        this.memory = memory;
        this.encoding = encoding;
        this.realloc = realloc;
        this.layout = layout;
        this.limits = limits;
    }

    public GuestMemory memory() {
        if (memory == null) {
            throw new CanonicalAbiException(Violation.MISSING_OPTION,
                    "the function moves values through memory but has no memory option");
        }
        return memory;
    }

    public StringEncoding encoding() {
        return encoding;
    }

    void checkHandle(dev.plinth.component.type.ResourceType type, int index) {
        handles.check(type, index);
    }

    public Layout layout() {
        return layout;
    }

    public AbiLimits limits() {
        return limits;
    }

    /** Counts {@code count} more units (elements, string bytes) against the call's total. */
    void spend(long count, String what) {
        units += count;
        if (count < 0 || units > limits.maxTotalUnits()) {
            throw new CanonicalAbiException(Violation.TOO_LARGE, what + " takes the call past its limit of "
                    + limits.maxTotalUnits() + " elements and string bytes");
        }
    }

    /** Calls the guest's {@code cabi_realloc(0, 0, alignment, size)} and checks the block it returns. */
    long allocate(int alignment, long size, String what) {
        if (realloc == null) {
            throw new CanonicalAbiException(Violation.MISSING_OPTION, "lowering " + what
                    + " needs the realloc option, which the function does not have");
        }
        long[] result;
        try {
            result = realloc.apply(0, 0, alignment, size);
        } catch (RuntimeException e) {
            throw new CanonicalAbiException(Violation.GUEST_TRAP, "realloc trapped while allocating " + what
                    + ": " + e.getMessage(), e);
        }
        long ptr = result[0] & 0xFFFF_FFFFL;
        memory().check(ptr, size, alignment, "realloc's block for " + what);
        return ptr;
    }
}
