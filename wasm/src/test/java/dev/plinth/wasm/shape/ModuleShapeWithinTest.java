package dev.plinth.wasm.shape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.ModuleLimits;
import dev.plinth.testing.Wat;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A remembered shape stands in for a new check exactly when the check would pass: at each limit
 * set to the module's figure it is within, one below it is not, and the check agrees both times.
 */
class ModuleShapeWithinTest {
    private static final byte[] MODULE = Wat.assemble("""
            (module
              (table 3 funcref)
              (elem (i32.const 0) $f $f)
              (global i32 (i32.const 1)) (global i32 (i32.const 2))
              (func $f (result i32) (block (loop (block (br 2)))) (i32.const 1))
              (func (result i32) (i32.const 2)))
            """);
    private static final ModuleShape SHAPE = ModuleShapeCheck.check(MODULE, ModuleLimits.DEFAULTS, "m.wasm");
    private static final Duration TIMEOUT = ModuleLimits.DEFAULTS.compileTimeout();

    private static ModuleLimits limits(long moduleBytes, int functions, long functionBytes, long instructions,
            int nesting, long tableElements, int globals) {
        return new ModuleLimits(moduleBytes, functions, functionBytes, instructions, nesting, tableElements, globals,
                TIMEOUT);
    }

    private static ModuleLimits exact() {
        return limits(SHAPE.moduleBytes(), SHAPE.functions(), SHAPE.largestFunctionBytes(), SHAPE.instructions(),
                SHAPE.deepestNesting(), Math.max(SHAPE.tableElements(), SHAPE.elementEntries()), SHAPE.globals());
    }

    @Test
    void atEveryLimitItIsWithinAndOneBelowItIsNot() {
        assertThat(SHAPE.within(ModuleLimits.DEFAULTS)).isTrue();
        ModuleLimits exact = exact();
        assertThat(SHAPE.within(exact)).isTrue();
        ModuleShapeCheck.check(MODULE, exact, "m.wasm");
        ModuleLimits[] below = {
            limits(exact.maxModuleBytes() - 1, exact.maxFunctions(), exact.maxFunctionBytes(), exact.maxInstructions(),
                    exact.maxNesting(), exact.maxTableElements(), exact.maxGlobals()),
            limits(exact.maxModuleBytes(), exact.maxFunctions() - 1, exact.maxFunctionBytes(), exact.maxInstructions(),
                    exact.maxNesting(), exact.maxTableElements(), exact.maxGlobals()),
            limits(exact.maxModuleBytes(), exact.maxFunctions(), exact.maxFunctionBytes() - 1, exact.maxInstructions(),
                    exact.maxNesting(), exact.maxTableElements(), exact.maxGlobals()),
            limits(exact.maxModuleBytes(), exact.maxFunctions(), exact.maxFunctionBytes(), exact.maxInstructions() - 1,
                    exact.maxNesting(), exact.maxTableElements(), exact.maxGlobals()),
            limits(exact.maxModuleBytes(), exact.maxFunctions(), exact.maxFunctionBytes(), exact.maxInstructions(),
                    exact.maxNesting() - 1, exact.maxTableElements(), exact.maxGlobals()),
            limits(exact.maxModuleBytes(), exact.maxFunctions(), exact.maxFunctionBytes(), exact.maxInstructions(),
                    exact.maxNesting(), exact.maxTableElements() - 1, exact.maxGlobals()),
            limits(exact.maxModuleBytes(), exact.maxFunctions(), exact.maxFunctionBytes(), exact.maxInstructions(),
                    exact.maxNesting(), exact.maxTableElements(), exact.maxGlobals() - 1)};
        for (ModuleLimits limits : below) {
            assertThat(SHAPE.within(limits)).as("%s", limits).isFalse();
            assertThatThrownBy(() -> ModuleShapeCheck.check(MODULE, limits, "m.wasm")).as("%s", limits)
                    .isInstanceOf(ModuleOverLimitException.class);
        }
    }
}
