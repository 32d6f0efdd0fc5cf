package dev.plinth.component.internal.abi;

/** Hands out a function's flat core values one by one, each read as the flat type the lifter wants. */
interface FlatReader {
    /** The next value's bits (i32 and f32 in the low 32 bits). */
    long next(FlatType want);

    /** Reads {@code values} in order, which have exactly the types asked for. */
    static FlatReader of(long[] values) {
        return new FlatReader() {
            private int index;

            @Override
            public long next(FlatType want) {
                return values[index++];
            }
        };
    }
}
