package dev.plinth.wasm.fuel;

/**
 * Code to insert into a function body before the instruction that starts at {@code offset}.
 * Where several go before the same instruction they are written in the order of {@link #rank()}.
 */
sealed interface Charge {

    /** Offset of the instruction the code goes before, in the code section payload. */
    int offset();

    /** Order among charges at the same offset. */
    int rank();

    /** Copies the fuel counter into the function's fuel local on entry. */
    record FunctionEntry(int offset) implements Charge {
        @Override
        public int rank() {
            return 0;
        }
    }

    /** Copies the fuel counter into the fuel local again after a call returned. */
    record AfterCall(int offset) implements Charge {
        @Override
        public int rank() {
            return 1;
        }
    }

    /**
     * After a call of a function that returns the counter as its result ({@link FuelParameters}):
     * takes the fuel local (with {@link FuelAccess#GLOBAL}, the counter) from that result.
     */
    record FuelFromCall(int offset) implements Charge {
        @Override
        public int rank() {
            return 1;
        }
    }

    /**
     * Charges a metered block's static cost on entry to the block; a checkpoint (every block charge
     * of {@link FuelAccess#GLOBAL}, none of {@link FuelAccess#LOCAL_COPY}) also traps if that leaves
     * the counter negative.
     */
    record BlockEntry(int offset, long cost, boolean checkpoint) implements Charge {
        @Override
        public int rank() {
            return 2;
        }
    }

    /**
     * Traps if the fuel local is negative, before a branch that may go back to a loop header: the
     * check every loop iteration passes.
     */
    record LoopBackEdge(int offset) implements Charge {
        @Override
        public int rank() {
            return 3;
        }
    }

    /**
     * Writes the fuel local back to the counter before control may leave the function, and traps
     * if it is negative.
     */
    record BeforeExit(int offset) implements Charge {
        @Override
        public int rank() {
            return 4;
        }
    }

    /**
     * Where a function that returns the counter leaves ({@code return}, {@code br} to its label,
     * its end): traps if the fuel local is negative, and pushes it as the function's result.
     */
    record ReturnFuel(int offset) implements Charge {
        @Override
        public int rank() {
            return 4;
        }
    }

    /**
     * Before a call of a function that takes the counter as its last parameter: checks the
     * function's copy of the counter and pushes it as that argument (with {@link FuelAccess#GLOBAL},
     * pushes the counter itself). The callee writes the counter back before it returns.
     */
    record PassFuel(int offset) implements Charge {
        @Override
        public int rank() {
            return 6;
        }
    }

    /** Charges the per-unit cost of a bulk instruction from the count on top of the stack. */
    record PerUnit(int offset) implements Charge {
        @Override
        public int rank() {
            return 5;
        }
    }
}
