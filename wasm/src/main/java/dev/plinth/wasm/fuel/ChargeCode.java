package dev.plinth.wasm.fuel;

import dev.plinth.wasm.binary.ByteWriter;
import dev.plinth.wasm.binary.Opcodes;

/**
 * Writes the instructions of one function's charges. Every sequence leaves the operand stack as
 * it found it, except pass-fuel, which pushes the last argument of the call it precedes; so each
 * is valid where it goes, also in unreachable code. {@code $fuel} is the counter global; with
 * {@link FuelAccess#LOCAL_COPY}, {@code $f} is the function's i64 fuel local (its last parameter,
 * for a function that takes the counter as one: it has no function-entry load) and {@code $n} its
 * i32 count local; with {@link FuelAccess#GLOBAL}, {@code $n} is an i32 scratch global.
 *
 * <pre>
 * LOCAL_COPY
 *   function entry, after a call:  global.get $fuel  local.set $f
 *   after a call that returns the counter:  local.set $f
 *   where a function that returns the counter leaves:  local.get $f  TRAP_IF_NEGATIVE'  local.get $f
 *   before leaving:      local.get $f  global.set $fuel  local.get $f  TRAP_IF_NEGATIVE
 *   block entry:         local.get $f  i64.const COST  i64.sub  local.set $f
 *   loop back edge:      local.get $f  TRAP_IF_NEGATIVE'
 *   pass fuel to a call: local.get $f  TRAP_IF_NEGATIVE'  local.get $f
 *   per unit:            local.set $n  local.get $f  UNITS  i64.sub  local.tee $f  TRAP_IF_NEGATIVE'
 *                        local.get $n
 *   TRAP_IF_NEGATIVE':   like TRAP_IF_NEGATIVE, writing $f back to $fuel before unreachable
 *
 * GLOBAL
 *   pass fuel to a call: global.get $fuel
 *   after a call that returns the counter:  global.set $fuel
 *   block entry:  global.get $fuel  i64.const COST  i64.sub  global.set $fuel  global.get $fuel
 *                 TRAP_IF_NEGATIVE
 *   per unit:     global.set $n  global.get $fuel  UNITS  i64.sub  global.set $fuel  global.get $fuel
 *                 TRAP_IF_NEGATIVE  global.get $n
 *
 * TRAP_IF_NEGATIVE:  i64.const 63  i64.shr_u  i32.wrap_i64  if  unreachable  end   (LOCAL_COPY, large body)
 *                    i64.const 0  i64.lt_s  if  unreachable  end                  (otherwise)
 * UNITS:             get $n  i64.extend_i32_u  i64.const 4  i64.shr_u
 * </pre>
 *
 * <p>In a large body ({@link #LARGE_BODY}) the sign test is a shift, not {@code i64.lt_s}: Chicory
 * compiles {@code i64.lt_s} to a call
 * of {@code OpcodeImpl.I64_LT_S}, which HotSpot does not inline into a method that is already
 * over its inlining budget ({@code DesiredMethodLimit}, 8,000 bytes of bytecode: every large
 * plugin function), so each check would be a real call; the shift and the wrap compile to
 * {@code lushr} and {@code l2i} and so always stay inline. {@link FuelAccess#GLOBAL}, which checks
 * at every charge and is what the interpreter runs (a shared counter), keeps {@code i64.lt_s}:
 * there one instruction fewer per check counts, and inlining does not.
 */
final class ChargeCode {
    private static final int EMPTY_BLOCK_TYPE = 0x40;
    /**
     * Bodies of at least this many bytes test the sign with a shift: metered, Chicory makes them
     * more than 8,000 bytes of bytecode (about 1.9 bytes per byte of wasm), where HotSpot inlines
     * nothing. Smaller ones keep {@code i64.lt_s}, which HotSpot inlines there and compiles best in
     * tight loops (the checksum's hash loop: +6% with it, +30% with the shift).
     */
    static final int LARGE_BODY = 4096;
    /** {@code x >>> 63} is 1 exactly when the i64 {@code x} is negative. */
    private static final long SIGN_SHIFT = 63;

    private final FuelAccess access;
    private final int fuelGlobal;
    private final int countGlobal;
    private final long fuelLocal;
    private final long countLocal;
    private final boolean signByShift;

    private ChargeCode(FuelAccess access, int fuelGlobal, int countGlobal, long fuelLocal, long countLocal,
                       boolean signByShift) {
        this.access = access;
        this.signByShift = signByShift;
        this.fuelGlobal = fuelGlobal;
        this.countGlobal = countGlobal;
        this.fuelLocal = fuelLocal;
        this.countLocal = countLocal;
    }

    /**
     * Charges that keep a copy of the counter in local {@code fuelLocal}, counts in {@code countLocal},
     * for a function body of {@code bodySize} bytes.
     */
    static ChargeCode withLocalCopy(int fuelGlobal, long fuelLocal, long countLocal, int bodySize) {
        return new ChargeCode(FuelAccess.LOCAL_COPY, fuelGlobal, -1, fuelLocal, countLocal,
                bodySize >= LARGE_BODY);
    }

    /** Charges that use only globals: the counter and, for counts, {@code countGlobal}. */
    static ChargeCode withGlobals(int fuelGlobal, int countGlobal) {
        return new ChargeCode(FuelAccess.GLOBAL, fuelGlobal, countGlobal, -1, -1, false);
    }

    void write(ByteWriter out, Charge charge) {
        if (charge instanceof Charge.BlockEntry block) {
            blockEntry(out, block);
        } else if (charge instanceof Charge.PerUnit) {
            perUnit(out);
        } else if (charge instanceof Charge.PassFuel) {
            passFuel(out);
        } else if (charge instanceof Charge.LoopBackEdge) {
            out.u8(Opcodes.LOCAL_GET).u32(fuelLocal);
            trapIfNegative(out, true);
        } else if (charge instanceof Charge.FuelFromCall) {
            if (access == FuelAccess.LOCAL_COPY) {
                out.u8(Opcodes.LOCAL_SET).u32(fuelLocal);
            } else {
                out.u8(Opcodes.GLOBAL_SET).u32(fuelGlobal);
            }
        } else if (charge instanceof Charge.ReturnFuel) {
            out.u8(Opcodes.LOCAL_GET).u32(fuelLocal);
            trapIfNegative(out, true);
            out.u8(Opcodes.LOCAL_GET).u32(fuelLocal);
        } else if (charge instanceof Charge.BeforeExit) {
            storeCopy(out);
            out.u8(Opcodes.LOCAL_GET).u32(fuelLocal);
            trapIfNegative(out, false);
        } else {
            loadCopy(out); // FunctionEntry, AfterCall
        }
    }

    private void blockEntry(ByteWriter out, Charge.BlockEntry block) {
        readFuel(out);
        out.u8(Opcodes.I64_CONST).s64(block.cost());
        out.u8(Opcodes.I64_SUB);
        if (access == FuelAccess.LOCAL_COPY && !block.checkpoint()) {
            out.u8(Opcodes.LOCAL_SET).u32(fuelLocal);
        } else {
            writeFuelAndTrapIfNegative(out);
        }
    }

    private void perUnit(ByteWriter out) {
        setCount(out);
        readFuel(out);
        getCount(out);
        out.u8(Opcodes.I64_EXTEND_I32_U);
        out.u8(Opcodes.I64_CONST).s64(CostModel.UNIT_SHIFT);
        out.u8(Opcodes.I64_SHR_U);
        out.u8(Opcodes.I64_SUB);
        writeFuelAndTrapIfNegative(out);
        getCount(out);
    }

    private void passFuel(ByteWriter out) {
        if (access == FuelAccess.LOCAL_COPY) {
            out.u8(Opcodes.LOCAL_GET).u32(fuelLocal);
            trapIfNegative(out, true);
        }
        readFuel(out);
    }

    private void loadCopy(ByteWriter out) {
        out.u8(Opcodes.GLOBAL_GET).u32(fuelGlobal);
        out.u8(Opcodes.LOCAL_SET).u32(fuelLocal);
    }

    private void storeCopy(ByteWriter out) {
        out.u8(Opcodes.LOCAL_GET).u32(fuelLocal);
        out.u8(Opcodes.GLOBAL_SET).u32(fuelGlobal);
    }

    private void readFuel(ByteWriter out) {
        if (access == FuelAccess.LOCAL_COPY) {
            out.u8(Opcodes.LOCAL_GET).u32(fuelLocal);
        } else {
            out.u8(Opcodes.GLOBAL_GET).u32(fuelGlobal);
        }
    }

    private void setCount(ByteWriter out) {
        if (access == FuelAccess.LOCAL_COPY) {
            out.u8(Opcodes.LOCAL_SET).u32(countLocal);
        } else {
            out.u8(Opcodes.GLOBAL_SET).u32(countGlobal);
        }
    }

    private void getCount(ByteWriter out) {
        if (access == FuelAccess.LOCAL_COPY) {
            out.u8(Opcodes.LOCAL_GET).u32(countLocal);
        } else {
            out.u8(Opcodes.GLOBAL_GET).u32(countGlobal);
        }
    }

    /** Stores the new remaining fuel (on the stack) and traps if it is negative. */
    private void writeFuelAndTrapIfNegative(ByteWriter out) {
        if (access == FuelAccess.LOCAL_COPY) {
            out.u8(Opcodes.LOCAL_TEE).u32(fuelLocal);
            trapIfNegative(out, true);
        } else {
            out.u8(Opcodes.GLOBAL_SET).u32(fuelGlobal);
            out.u8(Opcodes.GLOBAL_GET).u32(fuelGlobal);
            trapIfNegative(out, false);
        }
    }

    /** Traps if the i64 on the stack is negative, first writing the local copy back if asked to. */
    private void trapIfNegative(ByteWriter out, boolean storeCopyFirst) {
        if (signByShift) {
            out.u8(Opcodes.I64_CONST).s64(SIGN_SHIFT);
            out.u8(Opcodes.I64_SHR_U);
            out.u8(Opcodes.I32_WRAP_I64);
        } else {
            out.u8(Opcodes.I64_CONST).s64(0);
            out.u8(Opcodes.I64_LT_S);
        }
        out.u8(Opcodes.IF).u8(EMPTY_BLOCK_TYPE);
        if (storeCopyFirst) {
            storeCopy(out);
        }
        out.u8(Opcodes.UNREACHABLE);
        out.u8(Opcodes.END);
    }
}
