package dev.plinth.wasm.shape;

/**
 * The figures of a module that decide what the host spends on it, read from its bytes before any
 * engine sees them ({@link ModuleShapeCheck}): how much code there is to parse and compile, and
 * how much heap its tables and globals take in every instance.
 *
 * @param moduleBytes the size of the module file
 * @param functions the functions it defines (imports not counted)
 * @param largestFunctionBytes the largest function body, in bytes
 * @param deepestNesting the deepest nesting of {@code block}, {@code loop}, {@code if} and
 *     {@code try_table} in any function
 * @param mostLocals the most locals any one function declares
 * @param locals the locals all functions declare together
 * @param instructions the instructions of all function bodies
 * @param tables the tables it defines or imports
 * @param tableElements the entries all its tables start with, together
 * @param globals the globals it defines
 * @param elementEntries the entries of all its element segments
 * @param dataSegments its data segments
 * @param simdFunction the first function (in the function index space, imports first) whose body
 *     uses SIMD: a {@code v128} instruction or local; -1 when none does. Chicory's compiler has no
 *     SIMD, so such a module runs in the interpreter
 */
public record ModuleShape(long moduleBytes, int functions, long largestFunctionBytes, int deepestNesting,
        long mostLocals, long locals, long instructions, int tables, long tableElements, int globals,
        long elementEntries, int dataSegments, int simdFunction) {
    /**
     * Host heap per table entry: Chicory keeps an {@code int} reference and an {@code Instance}
     * pointer for each.
     */
    public static final long TABLE_ENTRY_BYTES = 8;
    /** Host heap per global: Chicory's {@code GlobalInstance}, a small object of two longs and three references. */
    public static final long GLOBAL_BYTES = 48;

    /**
     * Host heap per instruction the engine parses: measured on Chicory 1.7.5, 32M {@code nop}s
     * retained 1.6 GB.
     */
    public static final long INSTRUCTION_BYTES = 50;

    /**
     * Whether a module of this shape passes {@link ModuleShapeCheck} under {@code limits}: every
     * figure a limit bounds is within it (the fixed bounds and the module's well-formedness do not
     * depend on the limits, and this shape passed them). A shape remembered from an earlier check
     * of the same bytes may stand in for a new check under other limits when this holds; when it
     * does not, the check is run for its error.
     */
    public boolean within(dev.plinth.api.ModuleLimits limits) {
        return moduleBytes <= limits.maxModuleBytes() && functions <= limits.maxFunctions()
                && largestFunctionBytes <= limits.maxFunctionBytes() && instructions <= limits.maxInstructions()
                && deepestNesting <= limits.maxNesting() && tableElements <= limits.maxTableElements()
                && elementEntries <= limits.maxTableElements() && globals <= limits.maxGlobals();
    }

    /** Whether any function body uses SIMD ({@code v128}). */
    public boolean usesSimd() {
        return simdFunction >= 0;
    }

    /** What the engine's parsed copy of the code takes of the host's heap, once for all instances, in bytes. */
    public long codeHostBytes() {
        return instructions * INSTRUCTION_BYTES;
    }

    /** What the tables and globals of one new instance take of the host's heap, in bytes. */
    public long instanceHostBytes() {
        return tableElements * TABLE_ENTRY_BYTES + globals * GLOBAL_BYTES;
    }

    /** What {@code elements} table entries take of the host's heap, in bytes. */
    public static long tableBytes(long elements) {
        return elements * TABLE_ENTRY_BYTES;
    }
}
