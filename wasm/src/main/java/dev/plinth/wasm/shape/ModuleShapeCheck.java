package dev.plinth.wasm.shape;

import dev.plinth.api.ModuleLimits;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.wasm.binary.ByteReader;
import dev.plinth.wasm.binary.ImportCounts;
import dev.plinth.wasm.binary.Instruction;
import dev.plinth.wasm.binary.InstructionReader;
import dev.plinth.wasm.binary.MalformedWasmException;
import dev.plinth.wasm.binary.ModuleSections;
import dev.plinth.wasm.binary.Opcodes;
import dev.plinth.wasm.binary.Section;
import dev.plinth.wasm.binary.SectionId;

/**
 * Measures a module against its {@link ModuleLimits} from its bytes alone, before it is parsed,
 * compiled or instantiated: an engine spends heap and time in proportion to what a module
 * declares (a table of 10M entries is five bytes of file and 80 MB of heap; a function of 2^32
 * locals is six), so the declarations are checked first and a module over any limit is refused
 * as {@code invalid-module}, naming the figure, the limit and where it is. Reading is one pass
 * over the bytes, linear in their size, and allocates little beyond a copy of each section.
 *
 * <p>Besides the operator's limits, a few fixed ones that no real module comes near and that keep
 * the engine's own structures bounded: {@value #MAX_LOCALS_PER_FUNCTION} locals per function and
 * {@value #MAX_LOCALS} in all (the engine keeps one entry per local), {@value #MAX_TABLES}
 * tables, {@value #MAX_SEGMENTS} element and as many data segments, and no more element entries
 * than the tables may hold ({@code table-elements}).
 */
public final class ModuleShapeCheck {
    /** The most locals one function may declare (as wasmparser, and below the JVM's 65,535). */
    public static final int MAX_LOCALS_PER_FUNCTION = 50_000;
    /** The most locals all functions may declare together. */
    public static final long MAX_LOCALS = 5_000_000;
    /** The most tables a module may define and import. */
    public static final int MAX_TABLES = 100;
    /** The most element segments, and the most data segments, a module may have. */
    public static final int MAX_SEGMENTS = 100_000;

    private static final int LIMITS_HAS_MAX = 0x01;
    private static final int V128 = 0x7B;
    private static final int TABLE_WITH_INITIALIZER = 0x40;

    private final ModuleLimits limits;
    private final String label;
    private int importedFunctions;
    private int functions;
    private long largestFunctionBytes;
    private int deepestNesting;
    private long mostLocals;
    private long locals;
    private long instructions;
    private int tables;
    private long tableElements;
    private int globals;
    private long elementEntries;
    private int dataSegments;
    private int simdFunction = -1;

    private ModuleShapeCheck(ModuleLimits limits, String label) {
        this.limits = limits;
        this.label = label;
    }

    /**
     * The shape of {@code wasm}, if it is within {@code limits}.
     *
     * @param label names the module in errors (usually its file)
     * @throws ModuleOverLimitException naming the first figure over its limit
     * @throws InvalidModuleException naming what is malformed
     */
    public static ModuleShape check(byte[] wasm, ModuleLimits limits, String label) {
        if (wasm.length > limits.maxModuleBytes()) {
            throw over("is " + wasm.length + " bytes", "max-module-size", limits.maxModuleBytes(), label);
        }
        ModuleShapeCheck check = new ModuleShapeCheck(limits, label);
        try {
            for (Section section : ModuleSections.split(wasm)) {
                check.read(section);
            }
        } catch (MalformedWasmException e) {
            throw new InvalidModuleException(label + " is not a valid WebAssembly module: " + e.getMessage(), e);
        }
        return new ModuleShape(wasm.length, check.functions, check.largestFunctionBytes, check.deepestNesting,
                check.mostLocals, check.locals, check.instructions, check.tables, check.tableElements,
                check.globals, check.elementEntries, check.dataSegments, check.simdFunction);
    }

    private void read(Section section) {
        switch (section.id()) {
            case SectionId.IMPORT -> {
                ImportCounts imports = ImportCounts.read(section);
                importedFunctions = imports.functions();
                tables += imports.tables();
                requireAtMost(tables, MAX_TABLES, "tables", "defines and imports %d tables");
            }
            case SectionId.FUNCTION -> {
                functions = section.reader().index();
                if (functions > limits.maxFunctions()) {
                    throw over("defines " + functions + " functions", "max-functions", limits.maxFunctions(), label);
                }
            }
            case SectionId.TABLE -> readTables(section.reader());
            case SectionId.GLOBAL -> {
                globals = section.reader().index();
                if (globals > limits.maxGlobals()) {
                    throw over("defines " + globals + " globals", "max-globals", limits.maxGlobals(), label);
                }
            }
            case SectionId.ELEMENT -> readElements(section.reader());
            case SectionId.CODE -> readCode(section.reader());
            case SectionId.DATA -> {
                dataSegments = section.reader().index();
                requireAtMost(dataSegments, MAX_SEGMENTS, "segments", "has %d data segments");
            }
            default -> {
                // types, memories (the memory limit governs them), exports, start, custom: sized by the file
            }
        }
    }

    void readTables(ByteReader in) {
        int count = in.index();
        tables += count;
        requireAtMost(tables, MAX_TABLES, "tables", "defines and imports %d tables");
        for (int i = 0; i < count; i++) {
            TableType table = TableType.read(in);
            tableElements += table.min();
            if (tableElements > limits.maxTableElements()) {
                throw over("declares tables of " + tableElements + " entries to start with (table " + i + ": "
                        + table.min() + ")", "table-elements", limits.maxTableElements(), label);
            }
            if (table.initializerAt() >= 0) {
                skipExpression(in);
            }
        }
        requireEnd(in, "table");
    }

    private void readElements(ByteReader in) {
        int count = in.index();
        requireAtMost(count, MAX_SEGMENTS, "segments", "has %d element segments");
        for (int i = 0; i < count; i++) {
            int flags = in.index();
            if (flags > 7) {
                throw new MalformedWasmException("element segment " + i + " has unknown flags " + flags);
            }
            boolean passiveOrDeclarative = (flags & 0x01) != 0;
            boolean explicitTable = (flags & 0x02) != 0;
            boolean expressions = (flags & 0x04) != 0;
            if (!passiveOrDeclarative && explicitTable) {
                in.u32(); // table index
            }
            if (!passiveOrDeclarative) {
                skipExpression(in); // offset
            }
            if (passiveOrDeclarative || explicitTable) {
                if (expressions) {
                    InstructionReader.valueType(in); // reference type
                } else {
                    in.u8(); // element kind
                }
            }
            int entries = in.index();
            elementEntries += entries;
            if (elementEntries > limits.maxTableElements()) {
                throw over("has element segments of " + elementEntries + " entries (segment " + i + ": " + entries
                        + ")", "table-elements", limits.maxTableElements(), label);
            }
            for (int e = 0; e < entries; e++) {
                if (expressions) {
                    skipExpression(in);
                } else {
                    in.u32();
                }
            }
        }
        requireEnd(in, "element");
    }

    private void readCode(ByteReader in) {
        int count = in.index();
        for (int i = 0; i < count; i++) {
            int size = in.index();
            int function = importedFunctions + i;
            if (size > limits.maxFunctionBytes()) {
                throw over("has a function of " + size + " bytes (function " + function + ")", "max-function-size",
                        limits.maxFunctionBytes(), label);
            }
            int start = in.position();
            in.skip(size);
            largestFunctionBytes = Math.max(largestFunctionBytes, size);
            readBody(new ByteReader(in.bytes(), start, start + size), function);
        }
        requireEnd(in, "code");
    }

    private void readBody(ByteReader body, int function) {
        int groups = body.index();
        long declared = 0;
        for (int g = 0; g < groups; g++) {
            declared += body.u32();
            if (declared > MAX_LOCALS_PER_FUNCTION) {
                throw new ModuleOverLimitException("locals", label + " declares " + declared + " locals in function "
                        + function + ", more than the " + MAX_LOCALS_PER_FUNCTION + " any function may have");
            }
            if (body.peekU8() == V128) {
                simd(function);
            }
            InstructionReader.valueType(body);
        }
        mostLocals = Math.max(mostLocals, declared);
        locals += declared;
        if (locals > MAX_LOCALS) {
            throw new ModuleOverLimitException("locals", label + " declares " + locals + " locals by function "
                    + function + ", more than the " + MAX_LOCALS + " all functions together may have");
        }
        int depth = 0;
        while (!body.atEnd()) {
            Instruction instruction = InstructionReader.next(body);
            if (++instructions > limits.maxInstructions()) {
                throw over("has more than " + limits.maxInstructions() + " instructions (by function " + function
                        + ")", "max-instructions", limits.maxInstructions(), label);
            }
            if (instruction.opcode() >>> 16 == Opcodes.PREFIX_SIMD) {
                simd(function);
            }
            switch (instruction.controlFlow()) {
                case BLOCK, LOOP, IF -> {
                    depth++;
                    if (depth > limits.maxNesting()) {
                        throw over("nests blocks more than " + limits.maxNesting() + " deep (function " + function
                                + ")", "max-nesting", limits.maxNesting(), label);
                    }
                    deepestNesting = Math.max(deepestNesting, depth);
                }
                case END -> depth--;
                default -> {
                }
            }
        }
    }

    private void simd(int function) {
        if (simdFunction < 0) {
            simdFunction = function;
        }
    }

    /** Skips a constant expression: instructions up to and including its closing {@code end}. */
    static void skipExpression(ByteReader in) {
        int depth = 0;
        while (true) {
            Instruction instruction = InstructionReader.next(in);
            switch (instruction.controlFlow()) {
                case BLOCK, LOOP, IF -> depth++;
                case END -> {
                    if (depth == 0) {
                        return;
                    }
                    depth--;
                }
                default -> {
                }
            }
        }
    }

    private void requireAtMost(long figure, long max, String what, String format) {
        if (figure > max) {
            throw new ModuleOverLimitException(what, label + " " + format.formatted(figure) + ", more than the " + max
                    + " " + what + " any module may have");
        }
    }

    private static void requireEnd(ByteReader in, String section) {
        if (!in.atEnd()) {
            throw new MalformedWasmException(section + " section has " + in.remaining() + " bytes after its entries");
        }
    }

    private static ModuleOverLimitException over(String figure, String limit, long max, String label) {
        return new ModuleOverLimitException(limit, label + " " + figure + ", more than " + limit + " " + max
                + " allows; the module is refused before it is compiled");
    }

    /**
     * A table's type as the table section encodes it: where its limits lie, its minimum and
     * maximum (-1 for none), and where its initializer expression starts (-1 for none).
     */
    record TableType(int limitsAt, int limitsEnd, long min, long max, int initializerAt) {
        static TableType read(ByteReader in) {
            boolean initialized = in.peekU8() == TABLE_WITH_INITIALIZER;
            if (initialized) {
                in.u8();
                int reserved = in.u8();
                if (reserved != 0) {
                    throw new MalformedWasmException("table with initializer has reserved byte " + reserved);
                }
            }
            InstructionReader.valueType(in);
            int limitsAt = in.position();
            int flags = in.u8();
            if ((flags & ~LIMITS_HAS_MAX) != 0) {
                throw new MalformedWasmException("unsupported table limits flags 0x" + Integer.toHexString(flags)
                        + " (64-bit or shared tables)");
            }
            long min = in.u32();
            long max = (flags & LIMITS_HAS_MAX) != 0 ? in.u32() : -1;
            return new TableType(limitsAt, in.position(), min, max, initialized ? in.position() : -1);
        }
    }
}
