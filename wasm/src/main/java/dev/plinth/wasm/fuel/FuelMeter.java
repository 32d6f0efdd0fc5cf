package dev.plinth.wasm.fuel;

import dev.plinth.wasm.binary.ByteWriter;
import dev.plinth.wasm.binary.Export;
import dev.plinth.wasm.binary.ExternalKind;
import dev.plinth.wasm.binary.FunctionTypes;
import dev.plinth.wasm.binary.ImportCounts;
import dev.plinth.wasm.binary.MalformedWasmException;
import dev.plinth.wasm.binary.ModuleSections;
import dev.plinth.wasm.binary.Opcodes;
import dev.plinth.wasm.binary.Section;
import dev.plinth.wasm.binary.SectionId;
import dev.plinth.wasm.binary.VectorSection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Deterministic fuel metering by rewriting a WebAssembly module before it is loaded.
 *
 * <h2>What the rewrite does</h2>
 * It appends a mutable i64 global, the fuel counter, holding the <em>remaining</em> fuel, and
 * exports it as {@link MeteredModule#fuelGlobalExport()}. Every metered block of every function
 * (see {@code ChargePlanner}: the function entry, each loop header, each arm of an {@code if},
 * the code after each {@code end} and after each branch) subtracts its static cost when control
 * enters it. Bulk operations (memory and table init/copy/fill, GC array fills and copies) also
 * subtract 1 per 16 bytes or elements of their count just before they run.
 *
 * <p>Functions keep the counter in a local copy between calls ({@code FuelAccess}). A function
 * that is only ever called directly (not exported, not the start function, in no element
 * segment, named by no {@code ref.func}) takes the counter from its caller as an extra last i64
 * parameter instead of reading the global on entry ({@code FuelParameters}); it writes the
 * counter back to the global before it returns, as every metered function does, and its caller
 * reloads it from there, unless it returns nothing and leaves only unconditionally: then it
 * returns the counter as an i64 result instead, and its caller takes its copy from that. Such a
 * function's type becomes a copy of its old type with the extra parameter (and result), appended
 * to the type section, and its declared locals (and their names in the
 * {@code name} section) move up by one. Nothing else is renumbered: the new locals and globals
 * come after all existing ones, no existing type, function or global index changes, nothing is
 * imported, exported functions keep their types, and all other instructions and local
 * declarations are copied byte for byte. Custom sections are kept except those that address code
 * by offset ({@code CustomSections}).
 *
 * <h2>Costs and checks</h2>
 * 1 per instruction; 0 for {@code block}, {@code loop}, {@code else}, {@code end},
 * {@code try_table}; plus {@code count >>> 4} for the bulk operations. A call that completes is
 * charged exactly the sum of the costs of the instructions it executed (a block that is entered
 * is charged in full, so a caught exception can leave part of one charged but not run). The
 * counter is checked, and the call trapped with {@code unreachable} if it is negative, before
 * every call, before every way out of a function, at every bulk operation, and on every branch
 * back to a loop header unless that iteration already passed the check of a call (in functions
 * that read the global directly, {@code FuelAccess#GLOBAL}: at every charge). So every loop
 * iteration and every call passes a check, a budget stops any computation, and the counter
 * overshoots by at most the acyclic code since the last check. The count is the same on every run
 * with the same input and in every engine mode, because it is part of the program.
 *
 * <h2>What the host does</h2>
 * <ol>
 *   <li>Loads {@link MeteredModule#bytes()} instead of the original (the engine accepts it iff it
 *       accepts the original; it imports the same things).</li>
 *   <li>Before each call, sets the counter to the call's budget ({@code 0..Long.MAX_VALUE}):
 *       {@code instance.exports().global(name).setValue(budget)}.</li>
 *   <li>After the call, reads it: {@code consumed = budget - remaining}.</li>
 *   <li>If the call trapped and {@code remaining < 0} ({@link #isExhausted}), the budget ran out:
 *       report {@code fuel-exhausted}. Only the exhaustion check leaves the counter negative, and
 *       it traps at once; a call that returns normally or traps otherwise leaves it
 *       {@code >= 0}. After another trap, {@code consumed} is a lower bound: functions write their
 *       copy of the counter back before they call or return, so what the trapping function spent
 *       since its last call is missing, and so is what a function that returns the counter to its
 *       caller spent, until the caller writes its copy back (at its next call, return or trap
 *       check).</li>
 *   <li>Host functions charge from Java on the same counter (a fixed cost per call plus a cost per
 *       byte copied): {@code setValue(getValue() - cost)}; if that leaves it negative, throw
 *       {@code FuelExhaustedException} from the host function. The guest has written its copy
 *       back before calling and reloads it afterwards.</li>
 *   <li>A start function runs during instantiation with {@link MeteredModule#initialFuel()}; if it
 *       runs out, instantiation fails with a trap; a host that builds the instance without initializing
 *       it ({@code Instance.Builder.withInitialize(false)}), then initializes it, can read the
 *       counter after that trap and tell exhaustion apart, as after a call.</li>
 *   <li>To stop a running call from another thread (a deadline), meter with
 *       {@link #instrumentWithSharedCounter} and make the counter negative: the guest sees it at
 *       its next charge.</li>
 * </ol>
 *
 * <h2>What it costs, and why it is built this way</h2>
 * Measured on Chicory 1.7.5's compiler (JMH {@code FuelBenchmark} and ablations that removed one
 * part of the metering at a time; benchmarks/README.md has the figures). In compiled code the
 * counter global is {@code instance.global(i)}, a chain of dependent loads, so each access costs;
 * a loop's copy of the counter is one more loop-carried register, and a check is one more exit
 * from the loop. Hence:
 * <ul>
 *   <li>The counter lives in a local; the global is touched only at calls, returns and traps.</li>
 *   <li>Passing the counter to directly-called functions halves the global accesses per call
 *       (two instead of four); those that return nothing also return it, so a call to them
 *       touches no global at all.</li>
 *   <li>A method over HotSpot's inlining budget ({@code DesiredMethodLimit}: 8,000 bytes of
 *       bytecode, which metering pushes large plugin functions past) gets nothing inlined, so
 *       every Chicory helper it uses is a real call: in large bodies the check tests the sign
 *       with a shift ({@code lushr}) rather than {@code i64.lt_s} ({@code OpcodeImpl.I64_LT_S}), and global
 *       accesses ({@code readGlobal}, {@code writeGlobal}) are avoided where they can be.</li>
 *   <li>A loop is checked on its branch back, next to its own exit test, not at its header:
 *       HotSpot then keeps small loops (such as {@code memcpy}'s byte loop) in registers; checking
 *       at the header doubled the cost of the checksum benchmark. An iteration that passed a call
 *       has passed that call's check, so it gets no second one.</li>
 *   <li>Block charges need no check of their own: a subtraction per block is nearly free once
 *       HotSpot folds the charges of a loop body together.</li>
 * </ul>
 * Measured under load, metered against unmetered (benchmarks/README.md "Fuel" has the figures
 * and what was tried): {@code count_vowels} about +15%, {@code transform} about +17%, the checksum
 * plugin's {@code fnv1a_generated} under +15%. What remains for the text functions is mostly the
 * inlining cliff: {@code count_vowels}' body is 5,400 bytes of bytecode unmetered and 9,100
 * metered, so metered it gets nothing inlined (memory accesses, comparisons, the calls' global
 * reloads), while unmetered it inlines until the budget runs out.
 */
public final class FuelMeter {
    /** The name the fuel counter is exported under, unless the module already uses it. */
    public static final String FUEL_GLOBAL_EXPORT = "plinth_fuel";

    private static final int I64 = 0x7E;
    private static final int I32 = 0x7F;
    private static final int MUTABLE = 0x01;

    private FuelMeter() {
    }

    /**
     * Meters a module whose counter starts at 0: nothing runs until the host sets a budget (a
     * start function, if there is one, traps at once; use {@link #instrument(byte[], long)}).
     *
     * @throws MeteringException if the bytes are not a module this meter can rewrite
     */
    public static MeteredModule instrument(byte[] wasm) {
        return instrument(wasm, 0);
    }

    /**
     * Meters a module whose counter starts at {@code initialFuel} (the budget of its start
     * function).
     *
     * @throws MeteringException if the bytes are not a module this meter can rewrite
     */
    public static MeteredModule instrument(byte[] wasm, long initialFuel) {
        return instrument(wasm, initialFuel, false);
    }

    /**
     * Meters a module like {@link #instrument(byte[], long)}, but no function keeps a copy of the
     * counter: every charge reads and writes the exported global itself ({@code FuelAccess#GLOBAL}),
     * and checks it. So a host that lowers the counter while the guest runs, from any thread (to
     * stop a call whose deadline passed), is seen at the guest's next charge: the next block, loop
     * iteration or call. The fuel a call consumes is the same as with {@link #instrument(byte[],
     * long)}. In Chicory's interpreter this costs about the same as a local copy; in compiled code
     * it is slower, since every block then touches the global.
     *
     * @throws MeteringException if the bytes are not a module this meter can rewrite
     */
    public static MeteredModule instrumentWithSharedCounter(byte[] wasm, long initialFuel) {
        return instrument(wasm, initialFuel, true);
    }

    private static MeteredModule instrument(byte[] wasm, long initialFuel, boolean sharedCounter) {
        Objects.requireNonNull(wasm, "wasm");
        if (initialFuel < 0) {
            throw new IllegalArgumentException("initial fuel must not be negative: " + initialFuel);
        }
        try {
            return rewrite(wasm, initialFuel, sharedCounter);
        } catch (MalformedWasmException e) {
            throw new MeteringException("cannot meter module: " + e.getMessage(), e);
        }
    }

    /** Whether a counter value read after a trapped call means the budget ran out. */
    public static boolean isExhausted(long remaining) {
        return remaining < 0;
    }

    private static MeteredModule rewrite(byte[] wasm, long initialFuel, boolean sharedCounter) {
        List<Section> sections = new ArrayList<>(ModuleSections.split(wasm));
        sections.removeIf(s -> s.id() == SectionId.CUSTOM && !CustomSections.keep(s.customName()));

        ImportCounts imports = importCounts(sections);
        int globalCount = imports.globals() + entryCount(sections, SectionId.GLOBAL);
        int fuelGlobal = globalCount;

        int code = ModuleSections.indexOf(sections, SectionId.CODE);
        CodeSectionRewriter.Result rewritten = new CodeSectionRewriter.Result(new byte[0], 0, 0, false);
        if (code >= 0) {
            FunctionTypes types = FunctionTypes.read(section(sections, SectionId.TYPE),
                    section(sections, SectionId.FUNCTION));
            byte[] payload = sections.get(code).payload();
            FunctionsToMeter functions = FunctionsToMeter.read(payload, sections, types, globalCount,
                    imports.functions(), sharedCounter);
            rewritten = CodeSectionRewriter.rewrite(payload, functions, types, globalCount);
            sections.set(code, new Section(SectionId.CODE, rewritten.payload()));
            FuelParameterSignatures.apply(sections, types, functions, imports.functions());
        }
        List<byte[]> globals = new ArrayList<>(2);
        globals.add(mutableGlobal(I64, initialFuel));
        if (rewritten.needsCountGlobal()) {
            globals.add(mutableGlobal(I32, 0));
        }
        VectorSection.append(sections, SectionId.GLOBAL, globals);

        String exportName = uniqueExportName(exports(sections), globalCount);
        VectorSection.append(sections, SectionId.EXPORT,
                List.of(Export.encode(exportName, ExternalKind.GLOBAL, fuelGlobal)));

        return new MeteredModule(ModuleSections.assemble(sections), exportName, initialFuel,
                rewritten.functions(), rewritten.charges());
    }

    private static ImportCounts importCounts(List<Section> sections) {
        Section imports = section(sections, SectionId.IMPORT);
        return imports == null ? ImportCounts.none() : ImportCounts.read(imports);
    }

    private static int entryCount(List<Section> sections, int id) {
        Section section = section(sections, id);
        return section == null ? 0 : VectorSection.count(section);
    }

    private static List<Export> exports(List<Section> sections) {
        Section exports = section(sections, SectionId.EXPORT);
        return exports == null ? List.of() : Export.list(exports);
    }

    /** {@value #FUEL_GLOBAL_EXPORT}, or with a suffix if taken; refuses exports of unknown globals. */
    private static String uniqueExportName(List<Export> exports, int globalCount) {
        Set<String> names = new HashSet<>();
        for (Export export : exports) {
            if (export.kind() == ExternalKind.GLOBAL && export.index() >= globalCount) {
                throw new MalformedWasmException("export '" + export.name() + "' names global " + export.index()
                        + ", but the module has " + globalCount + " globals");
            }
            names.add(export.name());
        }
        String name = FUEL_GLOBAL_EXPORT;
        for (int suffix = 2; names.contains(name); suffix++) {
            name = FUEL_GLOBAL_EXPORT + "_" + suffix;
        }
        return name;
    }

    /** A global entry: mutable, of type i32 or i64, initialised with a constant. */
    private static byte[] mutableGlobal(int type, long value) {
        return new ByteWriter(16).u8(type).u8(MUTABLE)
                .u8(type == I64 ? Opcodes.I64_CONST : Opcodes.I32_CONST).s64(value)
                .u8(Opcodes.END)
                .toByteArray();
    }

    private static Section section(List<Section> sections, int id) {
        int at = ModuleSections.indexOf(sections, id);
        return at < 0 ? null : sections.get(at);
    }
}
