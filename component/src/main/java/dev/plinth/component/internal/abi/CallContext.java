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
    private final HandleMapper handles;
    private long units;

    /** Checks that a handle crossing the boundary exists in the instance's table, with its resource type. */
    public interface HandleCheck {
        void check(dev.plinth.component.type.ResourceType type, int index);
    }

    /**
     * What a handle becomes as it crosses the boundary: lifted out of the guest, the guest's table index
     * becomes the value the host sees; lowered into the guest, the host's value becomes a table index. For
     * resources the guest defines both are the index, checked; for resources the host defines the host sees
     * its own representation ({@code own} moves it out of or into the guest's table, {@code borrow} looks it up).
     */
    public interface HandleMapper {
        int lift(dev.plinth.component.type.ResourceType type, boolean own, int index);

        int lower(dev.plinth.component.type.ResourceType type, boolean own, int value);
    }

    public CallContext(GuestMemory memory, StringEncoding encoding, ExportFunction realloc, Layout layout,
            AbiLimits limits, HandleCheck handles) {
        this(memory, encoding, realloc, layout, limits, new HandleMapper() {
            @Override
            public int lift(dev.plinth.component.type.ResourceType type, boolean own, int index) {
                handles.check(type, index);
                return index;
            }

            @Override
            public int lower(dev.plinth.component.type.ResourceType type, boolean own, int value) {
                handles.check(type, value);
                return value;
            }
        });
    }

    public CallContext(GuestMemory memory, StringEncoding encoding, ExportFunction realloc, Layout layout,
            AbiLimits limits, HandleMapper handles) {
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

    int liftHandle(dev.plinth.component.type.ResourceType type, boolean own, int index) {
        return handles.lift(type, own, index);
    }

    int lowerHandle(dev.plinth.component.type.ResourceType type, boolean own, int value) {
        return handles.lower(type, own, value);
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
