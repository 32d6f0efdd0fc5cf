package dev.plinth.wasm.fuel;

import dev.plinth.wasm.binary.ControlFlow;
import dev.plinth.wasm.binary.FunctionReferences;
import dev.plinth.wasm.binary.FunctionTypes;
import dev.plinth.wasm.binary.Instruction;
import dev.plinth.wasm.binary.Opcodes;
import java.util.List;

/**
 * Which defined functions take the fuel counter as an extra last parameter instead of reading it
 * from the global on entry. Passing it saves two of the four global accesses a call otherwise
 * costs (the caller's write-back and the callee's load), which is most of what metering costs a
 * call in Chicory's compiled code.
 *
 * <p>A function qualifies when every caller is a {@code call} in this module that the meter
 * rewrites: it is not exported, not the start function, in no element segment and named by no
 * {@code ref.func} ({@link FunctionReferences}). It must also keep a local copy of the counter
 * ({@link FuelAccess#LOCAL_COPY}) and have something to charge, so that it writes the counter
 * back before it returns, as its callers expect.
 *
 * <p>Such a function that returns nothing, and leaves only by {@code return}, by {@code br} to its
 * own label or at its end (no conditional branch or {@code br_table} names its label), also
 * <em>returns</em> the counter: its type gets an i64 result, it pushes its copy where it leaves,
 * and its callers take their copy from the result instead of reloading the global. In Chicory's
 * compiled code a function with one result returns it as a plain {@code long}, so this saves the
 * other two global accesses of a call, each a call of {@code readGlobal}/{@code writeGlobal} that
 * HotSpot does not inline into a large caller. (A function with results would need a second
 * result, which Chicory returns in a {@code long[]} allocated per call: not done.)
 */
final class FuelParameters {
    private final int importedFunctions;
    private final boolean[] takesFuel;
    private final boolean[] returnsFuel;

    private FuelParameters(int importedFunctions, boolean[] takesFuel, boolean[] returnsFuel) {
        this.importedFunctions = importedFunctions;
        this.takesFuel = takesFuel;
        this.returnsFuel = returnsFuel;
    }

    /**
     * @param code the instructions of every function body
     * @param access the access each body gets
     * @param references how the module's functions can be reached
     * @param importedFunctions how many functions the module imports (they come first in the numbering)
     * @param types the types of the module's functions
     */
    static FuelParameters choose(List<List<Instruction>> code, List<FuelAccess> access,
                                 FunctionReferences references, int importedFunctions, FunctionTypes types) {
        boolean[] takesFuel = new boolean[code.size()];
        boolean[] returnsFuel = new boolean[code.size()];
        for (int i = 0; i < code.size(); i++) {
            takesFuel[i] = access.get(i) == FuelAccess.LOCAL_COPY
                    && !references.isReferenced(importedFunctions + i)
                    && chargesSomething(code.get(i));
            returnsFuel[i] = takesFuel[i] && types.resultCountOf(i) == 0 && leavesOnlyUnconditionally(code.get(i));
        }
        return new FuelParameters(importedFunctions, takesFuel, returnsFuel);
    }

    /** Whether function {@code index} (imports included in the numbering) takes the counter as a parameter. */
    boolean takesFuel(long index) {
        long defined = index - importedFunctions;
        return defined >= 0 && defined < takesFuel.length && takesFuel[(int) defined];
    }

    /** Whether function {@code index} (imports included in the numbering) returns the counter as its result. */
    boolean returnsFuel(long index) {
        long defined = index - importedFunctions;
        return defined >= 0 && defined < returnsFuel.length && returnsFuel[(int) defined];
    }

    /** Whether the {@code definedFunction}-th body returns the counter as its result. */
    boolean bodyReturnsFuel(int definedFunction) {
        return returnsFuel[definedFunction];
    }

    /** Whether the {@code definedFunction}-th body takes the counter as a parameter. */
    boolean bodyTakesFuel(int definedFunction) {
        return takesFuel[definedFunction];
    }

    /**
     * Whether no conditional branch and no {@code br_table} names the function's own label, so
     * that the counter can be pushed right before every branch that leaves the function.
     */
    private static boolean leavesOnlyUnconditionally(List<Instruction> instructions) {
        int depth = 0; // labels open, not counting the function's
        for (Instruction instruction : instructions) {
            boolean conditional = instruction.opcode() == Opcodes.BR_TABLE
                    || instruction.controlFlow() == ControlFlow.CONDITIONAL_BRANCH;
            if (conditional && instruction.index() >= depth) {
                return false;
            }
            switch (instruction.controlFlow()) {
                case BLOCK, LOOP, IF -> depth++;
                case END -> depth--;
                default -> {
                }
            }
        }
        return true;
    }

    private static boolean chargesSomething(List<Instruction> instructions) {
        return instructions.stream().anyMatch(instruction -> CostModel.staticCost(instruction) > 0);
    }
}
