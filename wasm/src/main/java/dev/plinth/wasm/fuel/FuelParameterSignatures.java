package dev.plinth.wasm.fuel;

import dev.plinth.wasm.binary.ByteReader;
import dev.plinth.wasm.binary.ByteWriter;
import dev.plinth.wasm.binary.FunctionTypes;
import dev.plinth.wasm.binary.MalformedWasmException;
import dev.plinth.wasm.binary.ModuleSections;
import dev.plinth.wasm.binary.Section;
import dev.plinth.wasm.binary.SectionId;
import dev.plinth.wasm.binary.VectorSection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives the functions that take the counter as a parameter ({@link FuelParameters}) their new
 * types: each function type they use gets a copy with an i64 parameter appended (and, for those
 * that also return it, an i64 result), added at the end of the type section (so no existing type index changes), and their function section entries
 * name the copies. The {@code name} section's local names of these functions move up by one past
 * their parameters, like their locals.
 */
final class FuelParameterSignatures {
    private static final int I64 = 0x7E;
    private static final int LOCAL_NAMES = 2;

    private FuelParameterSignatures() {
    }

    /** Rewrites the type, function and name sections of {@code sections} for {@code functions}. */
    static void apply(List<Section> sections, FunctionTypes types, FunctionsToMeter functions, int importedFunctions) {
        FuelParameters fuelParameters = functions.fuelParameters();
        int count = functions.bodies().size();
        Map<Integer, Integer> copies = new HashMap<>();
        Map<Integer, Integer> returningCopies = new HashMap<>();
        List<byte[]> newTypes = new ArrayList<>();
        ByteWriter functionSection = new ByteWriter(count * 2 + 5).u32(count);
        boolean changed = false;
        for (int i = 0; i < count; i++) {
            int type = types.typeOf(i);
            if (fuelParameters.bodyReturnsFuel(i)) {
                type = returningCopies.computeIfAbsent(type, original -> {
                    newTypes.add(types.withParameterAndResultAppended(original, I64));
                    return types.typeCount() + newTypes.size() - 1;
                });
                changed = true;
            } else if (fuelParameters.bodyTakesFuel(i)) {
                type = copies.computeIfAbsent(type, original -> {
                    newTypes.add(types.withParameterAppended(original, I64));
                    return types.typeCount() + newTypes.size() - 1;
                });
                changed = true;
            }
            functionSection.u32(type);
        }
        if (!changed) {
            return;
        }
        VectorSection.append(sections, SectionId.TYPE, newTypes);
        sections.set(ModuleSections.indexOf(sections, SectionId.FUNCTION),
                new Section(SectionId.FUNCTION, functionSection.toByteArray()));
        for (int s = 0; s < sections.size(); s++) {
            if ("name".equals(sections.get(s).customName())) {
                sections.set(s, shiftLocalNames(sections.get(s), types, fuelParameters, importedFunctions));
            }
        }
    }

    /**
     * The name section with the local names of the functions that take fuel renumbered; every
     * other byte is copied as it is. The engine checks the name section, so one this cannot read
     * is kept unchanged: metering must not turn a module the engine refuses into one it accepts.
     */
    private static Section shiftLocalNames(Section names, FunctionTypes types, FuelParameters fuelParameters,
                                           int importedFunctions) {
        try {
            return shiftedLocalNames(names, types, fuelParameters, importedFunctions);
        } catch (MalformedWasmException e) {
            return names;
        }
    }

    private static Section shiftedLocalNames(Section names, FunctionTypes types, FuelParameters fuelParameters,
                                             int importedFunctions) {
        byte[] payload = names.payload();
        ByteReader in = names.reader();
        in.name();
        ByteWriter out = new ByteWriter(payload.length + 16);
        out.bytes(payload, 0, in.position());
        while (!in.atEnd()) {
            int subsectionStart = in.position();
            int id = in.u8();
            int size = in.index();
            int start = in.position();
            in.skip(size);
            if (id == LOCAL_NAMES) {
                byte[] shifted = shiftLocals(new ByteReader(payload, start, start + size), types, fuelParameters,
                        importedFunctions);
                out.u8(id).u32(shifted.length).bytes(shifted);
            } else {
                out.bytes(payload, subsectionStart, start + size);
            }
        }
        return new Section(SectionId.CUSTOM, out.toByteArray());
    }

    /** The local-names subsection's content with shifted indices re-encoded, all else copied. */
    private static byte[] shiftLocals(ByteReader in, FunctionTypes types, FuelParameters fuelParameters,
                                      int importedFunctions) {
        byte[] bytes = in.bytes();
        ByteWriter out = new ByteWriter(in.remaining() + 16);
        int copied = in.position();
        int functions = in.index();
        for (int f = 0; f < functions; f++) {
            int function = in.index();
            long firstShifted = fuelParameters.takesFuel(function)
                    ? types.parameterCount(function - importedFunctions) : Long.MAX_VALUE;
            int locals = in.index();
            for (int l = 0; l < locals; l++) {
                int localAt = in.position();
                long local = in.u32();
                if (local >= firstShifted) {
                    out.bytes(bytes, copied, localAt).u32(local + 1);
                    copied = in.position();
                }
                in.skip(in.index());
            }
        }
        return out.bytes(bytes, copied, in.end()).toByteArray();
    }
}
