package dev.plinth.security.fuel;

import dev.plinth.security.internal.wasm.ByteWriter;
import dev.plinth.security.internal.wasm.FunctionBody;
import dev.plinth.security.internal.wasm.FunctionTypes;
import dev.plinth.security.internal.wasm.Instruction;
import dev.plinth.security.internal.wasm.MalformedWasmException;
import dev.plinth.security.internal.wasm.Opcodes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rewrites a code section: every function body gets the charges {@link ChargePlanner} plans,
 * written by {@link ChargeCode}. With {@link FuelAccess#LOCAL_COPY} a body also gets the locals its
 * charges use (an i64 fuel local, and an i32 count local if it has bulk operations), appended
 * after its own. Existing local declarations and all original instructions are copied byte for
 * byte, so no index in the module changes.
 */
final class CodeSectionRewriter {
    private static final int I64 = 0x7E;
    private static final int I32 = 0x7F;
    /** Chicory's limit on the locals of one function (parameters included). */
    private static final long MAX_LOCALS = 50_000;

    /**
     * The rewritten payload, how many functions and charges it holds, and whether a function
     * that accesses the counter through globals only needs the count global.
     */
    record Result(byte[] payload, int functions, int charges, boolean needsCountGlobal) {
    }

    private CodeSectionRewriter() {
    }

    /**
     * @param payload the code section's payload
     * @param types the parameter counts of the functions
     * @param globalCount the module's globals before metering (imported and defined); an
     *     instruction that names a global at or above it (or a local beyond its function's) would
     *     reach the fuel counter, so it is refused
     */
    static Result rewrite(byte[] payload, FunctionTypes types, int globalCount) {
        int fuelGlobal = globalCount;
        int countGlobal = globalCount + 1;
        List<FunctionBody> bodies = FunctionBody.list(payload);
        List<List<Instruction>> code = new ArrayList<>(bodies.size());
        boolean tailCalls = false;
        for (FunctionBody function : bodies) {
            List<Instruction> instructions = function.instructions(payload);
            requireKnownIndices(function, instructions, globalCount,
                    types.parameterCount(function.position()) + function.declaredLocals());
            tailCalls |= FuelAccess.makesTailCalls(instructions);
            code.add(instructions);
        }

        ByteWriter out = new ByteWriter(payload.length * 2 + 16);
        out.u32(bodies.size());
        int charges = 0;
        boolean needsCountGlobal = false;
        for (int i = 0; i < bodies.size(); i++) {
            FunctionBody function = bodies.get(i);
            FuelAccess access = FuelAccess.of(code.get(i), tailCalls);
            List<Charge> plan = ChargePlanner.plan(code.get(i), access);
            boolean perUnit = plan.stream().anyMatch(charge -> charge instanceof Charge.PerUnit);
            byte[] body;
            if (plan.isEmpty()) {
                body = Arrays.copyOfRange(payload, function.start(), function.end());
            } else if (access == FuelAccess.GLOBAL) {
                needsCountGlobal |= perUnit;
                body = rewriteBody(payload, function, plan, ChargeCode.withGlobals(fuelGlobal, countGlobal), 0);
            } else {
                long fuelLocal = types.parameterCount(function.position()) + function.declaredLocals();
                if (fuelLocal + 2 > MAX_LOCALS) {
                    throw new MalformedWasmException("function body " + function.position() + " has " + fuelLocal
                            + " locals; metering needs two more and the engine allows " + MAX_LOCALS);
                }
                body = rewriteBody(payload, function, plan, ChargeCode.withLocalCopy(fuelGlobal, fuelLocal),
                        perUnit ? 2 : 1);
            }
            charges += plan.size();
            out.u32(body.length).bytes(body);
        }
        return new Result(out.toByteArray(), bodies.size(), charges, needsCountGlobal);
    }

    /** A body with {@code addedLocals} more locals (an i64, then an i32) and the planned charges. */
    private static byte[] rewriteBody(byte[] payload, FunctionBody function, List<Charge> plan, ChargeCode code,
                                      int addedLocals) {
        ByteWriter body = new ByteWriter(function.end() - function.start() + plan.size() * 24);
        body.u32(function.localGroups() + addedLocals);
        body.bytes(payload, function.groupsStart(), function.codeStart());
        if (addedLocals >= 1) {
            body.u32(1).u8(I64);
        }
        if (addedLocals >= 2) {
            body.u32(1).u8(I32);
        }
        int copied = function.codeStart();
        for (Charge charge : plan) {
            body.bytes(payload, copied, charge.offset());
            code.write(body, charge);
            copied = charge.offset();
        }
        body.bytes(payload, copied, function.end());
        return body.toByteArray();
    }

    /**
     * Refuses instructions that name a global or local the function cannot have: in the metered
     * module such an index would be the fuel counter or the function's copy of it.
     */
    private static void requireKnownIndices(FunctionBody function, List<Instruction> instructions, int globalCount,
                                            long localCount) {
        for (Instruction instruction : instructions) {
            int opcode = instruction.opcode();
            if ((opcode == Opcodes.GLOBAL_GET || opcode == Opcodes.GLOBAL_SET) && instruction.index() >= globalCount) {
                throw new MalformedWasmException("function body " + function.position() + " uses global "
                        + instruction.index() + ", but the module has " + globalCount + " globals");
            }
            if ((opcode == Opcodes.LOCAL_GET || opcode == Opcodes.LOCAL_SET || opcode == Opcodes.LOCAL_TEE)
                    && instruction.index() >= localCount) {
                throw new MalformedWasmException("function body " + function.position() + " uses local "
                        + instruction.index() + ", but it has " + localCount + " locals");
            }
        }
    }
}
