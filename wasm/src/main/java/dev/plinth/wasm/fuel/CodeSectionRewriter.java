package dev.plinth.wasm.fuel;

import dev.plinth.wasm.binary.ByteWriter;
import dev.plinth.wasm.binary.FunctionBody;
import dev.plinth.wasm.binary.FunctionTypes;
import dev.plinth.wasm.binary.Instruction;
import dev.plinth.wasm.binary.MalformedWasmException;
import dev.plinth.wasm.binary.Opcodes;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Rewrites a code section: every function body gets the charges {@link ChargePlanner} plans,
 * written by {@link ChargeCode}. With {@link FuelAccess#LOCAL_COPY} a body also gets the locals its
 * charges use (an i64 fuel local, and an i32 count local if it has bulk operations), appended
 * after its own. A body that takes the counter as its last parameter ({@link FuelParameters})
 * uses that parameter as its fuel local, so its declared locals move up by one and its
 * {@code local.*} instructions are re-encoded; everything else (local declarations, all other
 * instructions) is copied byte for byte.
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
     * @param functions its bodies, read by {@link FunctionsToMeter}
     * @param types the parameter counts of the functions (before any is given the counter)
     * @param globalCount the module's globals before metering (imported and defined); the
     *     counter is global {@code globalCount}, the count global {@code globalCount + 1}
     */
    static Result rewrite(byte[] payload, FunctionsToMeter functions, FunctionTypes types, int globalCount) {
        int fuelGlobal = globalCount;
        int countGlobal = globalCount + 1;
        List<FunctionBody> bodies = functions.bodies();
        List<List<Instruction>> code = functions.code();
        List<FuelAccess> access = functions.access();
        FuelParameters fuelParameters = functions.fuelParameters();
        ByteWriter out = new ByteWriter(payload.length * 2 + 16);
        out.u32(bodies.size());
        int charges = 0;
        boolean needsCountGlobal = false;
        for (int i = 0; i < bodies.size(); i++) {
            FunctionBody function = bodies.get(i);
            boolean fuelParameter = fuelParameters.bodyTakesFuel(i);
            List<Charge> plan = ChargePlanner.plan(code.get(i), access.get(i), fuelParameters::takesFuel,
                    fuelParameters::returnsFuel, fuelParameter, fuelParameters.bodyReturnsFuel(i));
            boolean perUnit = plan.stream().anyMatch(charge -> charge instanceof Charge.PerUnit);
            byte[] body;
            if (plan.isEmpty()) {
                body = Arrays.copyOfRange(payload, function.start(), function.end());
            } else if (access.get(i) == FuelAccess.GLOBAL) {
                needsCountGlobal |= perUnit;
                body = rewriteBody(payload, function, code.get(i), plan,
                        ChargeCode.withGlobals(fuelGlobal, countGlobal), new LocalLayout(-1, false, false));
            } else {
                long parameters = types.parameterCount(function.position());
                long locals = parameters + function.declaredLocals();
                if (locals + 2 > MAX_LOCALS) {
                    throw new MalformedWasmException("function body " + function.position() + " has " + locals
                            + " locals; metering needs two more and the engine allows " + MAX_LOCALS);
                }
                long fuelLocal = fuelParameter ? parameters : locals;
                long countLocal = locals + 1;
                body = rewriteBody(payload, function, code.get(i), plan,
                        ChargeCode.withLocalCopy(fuelGlobal, fuelLocal, countLocal, function.end() - function.start()),
                        new LocalLayout(fuelParameter ? parameters : -1, !fuelParameter, perUnit));
            }
            charges += plan.size();
            out.u32(body.length).bytes(body);
        }
        return new Result(out.toByteArray(), bodies.size(), charges, needsCountGlobal);
    }

    /**
     * How a body's locals change: from {@code shiftFrom} on (if not -1) local indices move up by
     * one, for the counter parameter inserted there; an i64 fuel local and an i32 count local may
     * be declared after the body's own.
     */
    private record LocalLayout(long shiftFrom, boolean declaresFuelLocal, boolean declaresCountLocal) {
        int addedGroups() {
            return (declaresFuelLocal ? 1 : 0) + (declaresCountLocal ? 1 : 0);
        }
    }

    /** A body with the planned charges and the locals they need. */
    private static byte[] rewriteBody(byte[] payload, FunctionBody function, List<Instruction> instructions,
                                      List<Charge> plan, ChargeCode code, LocalLayout layout) {
        ByteWriter body = new ByteWriter(function.end() - function.start() + plan.size() * 24);
        body.u32(function.localGroups() + layout.addedGroups());
        body.bytes(payload, function.groupsStart(), function.codeStart());
        if (layout.declaresFuelLocal()) {
            body.u32(1).u8(I64);
        }
        if (layout.declaresCountLocal()) {
            body.u32(1).u8(I32);
        }
        Iterator<Charge> charges = plan.iterator();
        Charge next = charges.hasNext() ? charges.next() : null;
        for (Instruction instruction : instructions) {
            while (next != null && next.offset() == instruction.start()) {
                code.write(body, next);
                next = charges.hasNext() ? charges.next() : null;
            }
            if (layout.shiftFrom() >= 0 && isLocalAccess(instruction) && instruction.index() >= layout.shiftFrom()) {
                body.u8(instruction.opcode()).u32(instruction.index() + 1);
            } else {
                body.bytes(payload, instruction.start(), instruction.end());
            }
        }
        return body.toByteArray();
    }

    /** Whether the instruction is {@code local.get}, {@code local.set} or {@code local.tee}. */
    static boolean isLocalAccess(Instruction instruction) {
        int opcode = instruction.opcode();
        return opcode == Opcodes.LOCAL_GET || opcode == Opcodes.LOCAL_SET || opcode == Opcodes.LOCAL_TEE;
    }
}
