package dev.plinth.wasm.fuel;

import dev.plinth.wasm.binary.FunctionReferences;
import dev.plinth.wasm.binary.Instruction;
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
 */
final class FuelParameters {
    private final int importedFunctions;
    private final boolean[] takesFuel;

    private FuelParameters(int importedFunctions, boolean[] takesFuel) {
        this.importedFunctions = importedFunctions;
        this.takesFuel = takesFuel;
    }

    /**
     * @param code the instructions of every function body
     * @param access the access each body gets
     * @param references how the module's functions can be reached
     * @param importedFunctions how many functions the module imports (they come first in the numbering)
     */
    static FuelParameters choose(List<List<Instruction>> code, List<FuelAccess> access,
                                 FunctionReferences references, int importedFunctions) {
        boolean[] takesFuel = new boolean[code.size()];
        for (int i = 0; i < code.size(); i++) {
            takesFuel[i] = access.get(i) == FuelAccess.LOCAL_COPY
                    && !references.isReferenced(importedFunctions + i)
                    && chargesSomething(code.get(i));
        }
        return new FuelParameters(importedFunctions, takesFuel);
    }

    /** Whether function {@code index} (imports included in the numbering) takes the counter as a parameter. */
    boolean takesFuel(long index) {
        long defined = index - importedFunctions;
        return defined >= 0 && defined < takesFuel.length && takesFuel[(int) defined];
    }

    /** Whether the {@code definedFunction}-th body takes the counter as a parameter. */
    boolean bodyTakesFuel(int definedFunction) {
        return takesFuel[definedFunction];
    }

    private static boolean chargesSomething(List<Instruction> instructions) {
        return instructions.stream().anyMatch(instruction -> CostModel.staticCost(instruction) > 0);
    }
}
