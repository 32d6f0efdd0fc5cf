package dev.plinth.wasm.fuel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.wasm.binary.FunctionBody;
import dev.plinth.wasm.binary.Instruction;
import dev.plinth.wasm.binary.ModuleSections;
import dev.plinth.wasm.binary.Opcodes;
import dev.plinth.wasm.binary.Section;
import dev.plinth.wasm.binary.SectionId;
import dev.plinth.testing.Wat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where metered blocks start and what they cost, on single functions. */
class ChargePlannerTest {

    @Test
    void straightLineCodeIsOneBlockChargedOnEntry() {
        Planned f = plan("(func (result i32) i32.const 1 i32.const 2 i32.add)");
        assertThat(f.charges()).containsExactly(new Charge.BlockEntry(f.offsetOf(0), 3, true));
    }

    @Test
    void aLoopHeaderIsChargedInsideTheLoop() {
        Planned f = plan("(func (loop $l (br $l)))");
        // loop br end end: the loop marker costs nothing, the header block [br] costs 1
        assertThat(f.opcodes()).containsExactly(Opcodes.LOOP, Opcodes.BR, Opcodes.END, Opcodes.END);
        assertThat(f.charges()).containsExactly(new Charge.BlockEntry(f.offsetOf(1), 1, true));
    }

    @Test
    void theArmsOfAnIfAndTheCodeAfterItAreBlocksOfTheirOwn() {
        Planned f = plan("(func (param i32) (result i32)"
                + " (if (local.get 0) (then nop) (else nop nop)) i32.const 7)");
        // local.get if | nop else | nop nop end | i32.const end
        assertThat(f.charges()).containsExactly(
                new Charge.BlockEntry(f.offsetOf(0), 2, true),
                new Charge.BlockEntry(f.offsetOf(2), 1, true),
                new Charge.BlockEntry(f.offsetOf(4), 2, true),
                new Charge.BlockEntry(f.offsetOf(7), 1, true));
    }

    @Test
    void blocksAndCallsDoNotEndAMeteredBlockButBranchesDo() {
        Planned f = plan("(func $g) (func (param i32)"
                + " (block (call $g) (br_if 0 (local.get 0)) (call $g)) (call $g))", 1);
        // block call local.get br_if | call end | call end
        assertThat(f.charges()).containsExactly(
                new Charge.BlockEntry(f.offsetOf(0), 3, true),
                new Charge.BlockEntry(f.offsetOf(4), 1, true),
                new Charge.BlockEntry(f.offsetOf(6), 1, true));
    }

    @Test
    void codeAfterAnUnconditionalBranchStartsANewBlock() {
        Planned f = plan("(func (result i32) (block (br 0) (nop)) (i32.const 1))");
        // block br | nop end | i32.const end
        assertThat(f.charges()).containsExactly(
                new Charge.BlockEntry(f.offsetOf(0), 1, true),
                new Charge.BlockEntry(f.offsetOf(2), 1, true),
                new Charge.BlockEntry(f.offsetOf(4), 1, true));
    }

    @Test
    void bulkOperationsAlsoChargePerUnitRightBeforeTheyRun() {
        Planned f = plan("(memory 1) (func (param i32) (memory.fill (i32.const 0) (i32.const 0) (local.get 0)))");
        assertThat(f.charges()).containsExactly(
                new Charge.BlockEntry(f.offsetOf(0), 4, true),
                new Charge.PerUnit(f.offsetOf(3)));
    }

    @Test
    void aBulkOperationFirstInItsBlockIsChargedAfterTheBlockEntry() {
        List<Instruction> code = List.of(
                new Instruction(Opcodes.MEMORY_COPY, 0, 4, 0),
                new Instruction(Opcodes.END, 4, 5, -1));
        assertThat(ChargePlanner.plan(code, FuelAccess.GLOBAL)).containsExactly(new Charge.BlockEntry(0, 1, true), new Charge.PerUnit(0));
    }

    @Test
    void aLocalCopyIsLoadedOnEntryAndAfterCallsAndWrittenBackBeforeLeaving() {
        Planned f = plan("(func $g) (func (param i32) (result i32)"
                + " (block (drop (br_if 1 (i32.const 1) (local.get 0))) (call $g) (br_if 0 (local.get 0)))"
                + " (if (local.get 0) (then (return (i32.const 2))))"
                + " (i32.const 3))", 1, FuelAccess.LOCAL_COPY);
        assertThat(f.opcodes()).containsExactly(Opcodes.BLOCK, Opcodes.I32_CONST, Opcodes.LOCAL_GET, Opcodes.BR_IF,
                Opcodes.DROP, Opcodes.CALL, Opcodes.LOCAL_GET, Opcodes.BR_IF, Opcodes.END, Opcodes.LOCAL_GET,
                Opcodes.IF, Opcodes.I32_CONST, Opcodes.RETURN, Opcodes.END, Opcodes.I32_CONST, Opcodes.END);
        assertThat(f.charges()).containsExactly(
                new Charge.FunctionEntry(f.offsetOf(0)),
                new Charge.BlockEntry(f.offsetOf(0), 3, false),
                new Charge.BeforeExit(f.offsetOf(3)), // br_if 1 targets the function's label
                new Charge.BlockEntry(f.offsetOf(4), 4, false),
                new Charge.BeforeExit(f.offsetOf(5)), // the call
                new Charge.AfterCall(f.offsetOf(6)),
                new Charge.BlockEntry(f.offsetOf(9), 2, false),
                new Charge.BlockEntry(f.offsetOf(11), 2, false),
                new Charge.BeforeExit(f.offsetOf(12)), // return
                new Charge.BlockEntry(f.offsetOf(14), 1, false),
                new Charge.BeforeExit(f.offsetOf(15))); // the final end
    }

    @Test
    void withALocalCopyBranchesBackToALoopAndExitsAreTheCheckpoints() {
        Planned f = plan("(func (loop $l (br $l)))", 0, FuelAccess.LOCAL_COPY);
        assertThat(f.charges()).containsExactly(
                new Charge.FunctionEntry(f.offsetOf(0)),
                new Charge.BlockEntry(f.offsetOf(1), 1, false),
                new Charge.LoopBackEdge(f.offsetOf(1)),
                new Charge.BeforeExit(f.offsetOf(3)));
    }

    @Test
    void onlyBranchesThatCanGoBackToALoopHeaderAreChecked() {
        Planned f = plan("(func (param i32)"
                + " (loop $l (block $b (br_if $b (local.get 0)) (br_if $l (local.get 0)) (br $b))))",
                0, FuelAccess.LOCAL_COPY);
        // loop block local.get br_if | local.get br_if | br end end end
        assertThat(f.opcodes()).containsExactly(Opcodes.LOOP, Opcodes.BLOCK, Opcodes.LOCAL_GET, Opcodes.BR_IF,
                Opcodes.LOCAL_GET, Opcodes.BR_IF, Opcodes.BR, Opcodes.END, Opcodes.END, Opcodes.END);
        assertThat(f.charges()).filteredOn(charge -> charge instanceof Charge.LoopBackEdge)
                .containsExactly(new Charge.LoopBackEdge(f.offsetOf(5)));
    }

    @Test
    void aBranchBackIsNotCheckedAgainWhenTheIterationAlreadyPassedTheCheckOfACall() {
        Planned inBlock = plan("(func $g) (func (param i32) (loop $l (br_if $l (local.get 0)) (call $g) (br $l)))",
                1, FuelAccess.LOCAL_COPY);
        // loop local.get br_if | call br end end: the br_if needs a check, the br follows a call
        assertThat(inBlock.charges()).filteredOn(charge -> charge instanceof Charge.LoopBackEdge)
                .containsExactly(new Charge.LoopBackEdge(inBlock.offsetOf(2)));

        Planned inHeader = plan("(func $g) (func (param i32)"
                + " (loop $l (block (call $g)) (if (local.get 0) (then (br $l))) (br_if $l (local.get 0))))",
                1, FuelAccess.LOCAL_COPY);
        assertThat(inHeader.charges()).noneMatch(charge -> charge instanceof Charge.LoopBackEdge);

        Planned afterABranch = plan("(func $g) (func (param i32)"
                + " (loop $l (br_if 1 (local.get 0)) (call $g) (if (local.get 0) (then (br $l)))))",
                1, FuelAccess.LOCAL_COPY);
        assertThat(afterABranch.charges()).as("the call is not in the header block: the br_if ends it")
                .anyMatch(charge -> charge instanceof Charge.LoopBackEdge);
    }

    @Test
    void aBranchTableIsCheckedIfALoopIsWithinItsReach() {
        Planned reaches = plan("(func (param i32) (loop $l (block $b (br_table $b $l (local.get 0)))))",
                0, FuelAccess.LOCAL_COPY);
        assertThat(reaches.charges()).contains(new Charge.LoopBackEdge(reaches.offsetOf(3)));
        Planned within = plan("(func (param i32) (loop $l (block $b (br_table $b (local.get 0)))))",
                0, FuelAccess.LOCAL_COPY);
        assertThat(within.charges()).noneMatch(charge -> charge instanceof Charge.LoopBackEdge);
    }

    @Test
    void aBranchTableThatCanReachTheFunctionLabelWritesBackFirst() {
        Planned f = plan("(func (param i32) (block (br_table 0 1 (local.get 0))))", 0, FuelAccess.LOCAL_COPY);
        assertThat(f.charges()).contains(new Charge.BeforeExit(f.offsetOf(2)));
        Planned inner = plan("(func (param i32) (block (block (br_table 0 1 (local.get 0)))))", 0,
                FuelAccess.LOCAL_COPY);
        assertThat(inner.charges()).doesNotContain(new Charge.BeforeExit(inner.offsetOf(3)));
    }

    @Test
    void functionsWithTryTableAndModulesWithTailCallsUseTheGlobalAndOthersALocalCopy() {
        Instruction tryTable = new Instruction(Opcodes.TRY_TABLE, 0, 3, -1);
        Instruction end = new Instruction(Opcodes.END, 3, 4, -1);
        Instruction tailCall = new Instruction(Opcodes.RETURN_CALL, 0, 2, 0);
        assertThat(FuelAccess.of(List.of(tryTable, end, end), false)).isEqualTo(FuelAccess.GLOBAL);
        assertThat(FuelAccess.of(List.of(end), false)).isEqualTo(FuelAccess.LOCAL_COPY);
        assertThat(FuelAccess.of(List.of(end), true)).as("in a module with tail calls").isEqualTo(FuelAccess.GLOBAL);
        assertThat(FuelAccess.makesTailCalls(List.of(tailCall, end))).isTrue();
        assertThat(FuelAccess.makesTailCalls(List.of(tryTable, end))).isFalse();
    }

    @Test
    void aFunctionThatDoesNothingIsLeftAlone() {
        assertThat(plan("(func)", 0, FuelAccess.LOCAL_COPY).charges()).isEmpty();
        assertThat(plan("(func (block (loop)))", 0, FuelAccess.LOCAL_COPY).charges()).isEmpty();
    }

    private record Planned(List<Instruction> instructions, List<Charge> charges) {
        int offsetOf(int instruction) {
            return instructions.get(instruction).start();
        }

        List<Integer> opcodes() {
            return instructions.stream().map(Instruction::opcode).toList();
        }
    }

    private static Planned plan(String functions) {
        return plan(functions, 0);
    }

    private static Planned plan(String functions, int body) {
        return plan(functions, body, FuelAccess.GLOBAL);
    }

    /** Plans the {@code body}-th function body of a module made of {@code functions}. */
    private static Planned plan(String functions, int body, FuelAccess access) {
        byte[] wasm = Wat.assemble("(module " + functions + ")");
        List<Section> sections = ModuleSections.split(wasm);
        byte[] code = sections.get(ModuleSections.indexOf(sections, SectionId.CODE)).payload();
        List<Instruction> instructions = FunctionBody.list(code).get(body).instructions(code);
        return new Planned(instructions, ChargePlanner.plan(instructions, access));
    }
}
