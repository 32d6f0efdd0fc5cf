package dev.plinth.component.internal.abi;

/** The core value types the canonical ABI flattens component values into. */
public enum FlatType {
    I32, I64, F32, F64;

    /** The join of two flat types sharing a slot of a flattened variant. */
    static FlatType join(FlatType a, FlatType b) {
        if (a == b) {
            return a;
        }
        if ((a == I32 && b == F32) || (a == F32 && b == I32)) {
            return I32;
        }
        return I64;
    }
}
