package dev.plinth.wasm.fuel;

import dev.plinth.wasm.binary.ControlFlow;
import dev.plinth.wasm.binary.Instruction;
import dev.plinth.wasm.binary.Opcodes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Splits a function body into metered blocks and plans the code that charges them.
 *
 * <p>A metered block is a maximal run of instructions that control enters only at its first
 * instruction. A new block starts at the function's first instruction and after every
 * instruction that ends one: {@code loop} (so the block right after it is the loop header, which
 * every iteration pays for), {@code if}, {@code else}, {@code end}, the conditional branches
 * ({@code br_if}, {@code br_on_null}, {@code br_on_non_null}, {@code br_on_cast},
 * {@code br_on_cast_fail}) and the unconditional ones ({@code br}, {@code br_table},
 * {@code return}, {@code unreachable}, {@code return_call*}, {@code throw}, {@code throw_ref}).
 * {@code block} and {@code try_table} do not end a metered block: they are only entered by falling
 * into them. Calls do not end one either: the code after a call runs whenever the call returns,
 * so charging it before the call changes nothing but the point at which an exhausted budget
 * stops the callee.
 *
 * <p>Each block is charged, before its first instruction, the sum of the static costs of its
 * instructions ({@link CostModel}); a block whose cost is 0 (only markers) is not charged. Every
 * branch target (a loop header, the instruction after an {@code end}, an arm of an {@code if}) is
 * the start of a block, so control never enters a block in its middle, and every cycle in the
 * control flow contains a branch or call of cost 1, so every iteration and every call pays.
 *
 * <p>With {@link FuelAccess#LOCAL_COPY} the plan also loads and writes back the function's copy
 * of the counter where {@link FuelAccess} says (or, for a callee that takes the counter as a
 * parameter, passes it; for one that returns it, takes it from the call's result, or returns it:
 * {@link FuelParameters}), and block charges do not check the counter. It is
 * checked at these checkpoints only: before every call, at the write-backs before leaving the
 * function, at the per-unit charges, and right before every branch that can go back to a loop
 * header ({@code br}, {@code br_if}, {@code br_on_*} naming a loop's label, and a {@code br_table}
 * that may) unless the iteration has surely passed a call already: one earlier in the same metered
 * block, or one in the loop's header block (the straight-line code every iteration starts with).
 * A loop's header is only re-entered by such a branch, so every iteration that goes on passes a
 * check, and every call does; between checkpoints control runs through acyclic code only, so the
 * counter can run below zero by at most that much. Checking at the branch back rather than at the
 * loop header is what HotSpot compiles best: the check sits next to the loop's own exit test, and
 * small loops keep their registers instead of spilling (measured, see {@link FuelMeter}). With
 * {@link FuelAccess#GLOBAL} every block charge checks.
 */
final class ChargePlanner {
    private static final Comparator<Charge> BY_POSITION =
            Comparator.comparingInt(Charge::offset).thenComparingInt(Charge::rank);

    private ChargePlanner() {
    }

    /** The charges for a function body none of whose callees takes the counter as a parameter. */
    static List<Charge> plan(List<Instruction> instructions, FuelAccess access) {
        return plan(instructions, access, callee -> false, callee -> false, false, false);
    }

    /**
     * The charges for one function body's instructions, in the order they are written.
     *
     * @param takesFuel whether the function with this index takes the counter as its last
     *     parameter ({@link FuelParameters}); calls to it pass the counter instead of writing it back
     * @param returnsFuel whether the function with this index also returns the counter as its
     *     result; calls to it take the copy from there instead of reloading the global
     * @param fuelParameter whether this function takes it so: its copy of the counter is that
     *     parameter, not loaded on entry
     * @param fuelResult whether this function returns it so: it pushes its copy where it leaves,
     *     instead of writing it back
     */
    static List<Charge> plan(List<Instruction> instructions, FuelAccess access, LongPredicate takesFuel,
                             LongPredicate returnsFuel, boolean fuelParameter, boolean fuelResult) {
        List<Charge> charges = new ArrayList<>();
        boolean copy = access == FuelAccess.LOCAL_COPY;
        int blockStart = 0;
        long blockCost = 0;
        EnclosingLabels labels = new EnclosingLabels();
        boolean callInBlock = false;
        boolean metered = false;
        for (int i = 0; i < instructions.size(); i++) {
            Instruction instruction = instructions.get(i);
            boolean last = i == instructions.size() - 1;
            Instruction previous = i > 0 ? instructions.get(i - 1) : null;
            if (previous != null && previous.opcode() == Opcodes.CALL && returnsFuel.test(previous.index())) {
                charges.add(new Charge.FuelFromCall(instruction.start()));
            } else if (copy && previous != null && isCall(previous)) {
                charges.add(new Charge.AfterCall(instruction.start()));
            }
            if (copy && !callInBlock && labels.mayGoRoundWithoutACall(instruction)) {
                charges.add(new Charge.LoopBackEdge(instruction.start()));
            }
            if (isCall(instruction)) {
                callInBlock = true;
                labels.call();
            }
            boolean passesFuel = instruction.opcode() == Opcodes.CALL && takesFuel.test(instruction.index());
            if (passesFuel) {
                charges.add(new Charge.PassFuel(instruction.start()));
            } else if (copy && fuelResult && (last || returnsHere(instruction, labels.depth()))) {
                charges.add(new Charge.ReturnFuel(instruction.start()));
            } else if (copy && (last || isCall(instruction) || leavesFunction(instruction, labels.depth()))) {
                charges.add(new Charge.BeforeExit(instruction.start()));
            }
            if (CostModel.chargesPerUnit(instruction)) {
                charges.add(new Charge.PerUnit(instruction.start()));
                metered = true;
            }
            blockCost += CostModel.staticCost(instruction);
            if (endsMeteredBlock(instruction.controlFlow())) {
                if (blockCost > 0) {
                    charges.add(new Charge.BlockEntry(instructions.get(blockStart).start(), blockCost, !copy));
                    metered = true;
                }
                blockStart = i + 1;
                blockCost = 0;
                callInBlock = false;
            }
            labels.step(instruction);
        }
        if (!metered) {
            return List.of(); // nothing to charge: no need to touch the counter either
        }
        if (copy && !fuelParameter) {
            charges.add(new Charge.FunctionEntry(instructions.get(0).start()));
        }
        charges.sort(BY_POSITION);
        return charges;
    }

    private static boolean endsMeteredBlock(ControlFlow flow) {
        return switch (flow) {
            case SEQUENTIAL, BLOCK -> false;
            case LOOP, IF, ELSE, END, UNCONDITIONAL_BRANCH, CONDITIONAL_BRANCH -> true;
        };
    }

    private static boolean isCall(Instruction instruction) {
        int opcode = instruction.opcode();
        return opcode == Opcodes.CALL || opcode == Opcodes.CALL_INDIRECT || opcode == Opcodes.CALL_REF;
    }

    /**
     * Whether the instruction leaves the function normally, other than at its end: {@code return}
     * or {@code br} to the function's own label. (A function that returns the counter has no
     * conditional branch or {@code br_table} to it: {@link FuelParameters}.)
     */
    private static boolean returnsHere(Instruction instruction, int depth) {
        return instruction.opcode() == Opcodes.RETURN
                || instruction.opcode() == Opcodes.BR && instruction.index() >= depth;
    }

    /**
     * Whether control may leave the function at this instruction, other than by a call that
     * returns: returns, tail calls, throws, traps, and branches to the function's own label
     * (label index {@code depth}; for {@code br_table}, its deepest label).
     */
    private static boolean leavesFunction(Instruction instruction, int depth) {
        return switch (instruction.opcode()) {
            case Opcodes.RETURN, Opcodes.RETURN_CALL, Opcodes.RETURN_CALL_INDIRECT, Opcodes.RETURN_CALL_REF,
                    Opcodes.THROW, Opcodes.THROW_REF, Opcodes.UNREACHABLE -> true;
            default -> switch (instruction.controlFlow()) {
                case UNCONDITIONAL_BRANCH, CONDITIONAL_BRANCH -> instruction.index() >= depth;
                default -> false;
            };
        };
    }
}
