package dev.plinth.wasm.fuel;

import dev.plinth.wasm.binary.FunctionBody;
import dev.plinth.wasm.binary.FunctionReferences;
import dev.plinth.wasm.binary.FunctionTypes;
import dev.plinth.wasm.binary.Instruction;
import dev.plinth.wasm.binary.MalformedWasmException;
import dev.plinth.wasm.binary.Opcodes;
import dev.plinth.wasm.binary.Section;
import java.util.ArrayList;
import java.util.List;

/**
 * The function bodies of a module as the meter sees them before rewriting: their instructions
 * (checked not to name the globals and locals metering adds), the {@link FuelAccess} each gets,
 * and which take the counter as a parameter ({@link FuelParameters}).
 */
record FunctionsToMeter(List<FunctionBody> bodies, List<List<Instruction>> code, List<FuelAccess> access,
                        FuelParameters fuelParameters) {

    /**
     * Reads the bodies of a code section payload.
     *
     * @param sections the module's sections (for how its functions can be reached)
     * @param types the parameter counts of the functions
     * @param globalCount the module's globals before metering
     * @param importedFunctions how many functions the module imports
     * @param sharedCounter whether every function must use the counter global itself ({@link FuelAccess#GLOBAL})
     */
    static FunctionsToMeter read(byte[] codePayload, List<Section> sections, FunctionTypes types, int globalCount,
                                 int importedFunctions, boolean sharedCounter) {
        List<FunctionBody> bodies = FunctionBody.list(codePayload);
        List<List<Instruction>> code = new ArrayList<>(bodies.size());
        boolean tailCalls = false;
        for (FunctionBody function : bodies) {
            List<Instruction> instructions = function.instructions(codePayload);
            requireKnownIndices(function, instructions, globalCount,
                    types.parameterCount(function.position()) + function.declaredLocals());
            tailCalls |= FuelAccess.makesTailCalls(instructions);
            code.add(instructions);
        }
        List<FuelAccess> access = new ArrayList<>(code.size());
        for (List<Instruction> instructions : code) {
            access.add(sharedCounter ? FuelAccess.GLOBAL : FuelAccess.of(instructions, tailCalls));
        }
        FuelParameters fuelParameters = FuelParameters.choose(code, access, FunctionReferences.read(sections, code),
                importedFunctions, types);
        return new FunctionsToMeter(List.copyOf(bodies), List.copyOf(code), List.copyOf(access), fuelParameters);
    }

    /**
     * Refuses instructions that name a global or local the function cannot have: in the metered
     * module such an index would be the fuel counter or the function's copy of it.
     */
    private static void requireKnownIndices(FunctionBody function, List<Instruction> instructions,
                                            int globalCount, long localCount) {
        for (Instruction instruction : instructions) {
            int opcode = instruction.opcode();
            if ((opcode == Opcodes.GLOBAL_GET || opcode == Opcodes.GLOBAL_SET) && instruction.index() >= globalCount) {
                throw new MalformedWasmException("function body " + function.position() + " uses global "
                        + instruction.index() + ", but the module has " + globalCount + " globals");
            }
            if (CodeSectionRewriter.isLocalAccess(instruction) && instruction.index() >= localCount) {
                throw new MalformedWasmException("function body " + function.position() + " uses local "
                        + instruction.index() + ", but it has " + localCount + " locals");
            }
        }
    }
}
