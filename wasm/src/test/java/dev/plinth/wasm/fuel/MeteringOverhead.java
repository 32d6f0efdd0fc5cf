package dev.plinth.wasm.fuel;

import dev.plinth.wasm.binary.FunctionBody;
import dev.plinth.wasm.binary.ModuleSections;
import dev.plinth.wasm.binary.Section;
import dev.plinth.wasm.binary.SectionId;
import java.util.List;

/** Static overhead of metering one module: bytes and instructions before and after. */
record MeteringOverhead(String name, int originalBytes, int meteredBytes, int originalCodeBytes,
                        int meteredCodeBytes, long originalInstructions, long meteredInstructions,
                        int chargeSites) {

    static MeteringOverhead of(String name, byte[] original) {
        MeteredModule metered = FuelMeter.instrument(original);
        byte[] code = code(original);
        byte[] meteredCode = code(metered.bytes());
        return new MeteringOverhead(name, original.length, metered.bytes().length, code.length, meteredCode.length,
                instructions(code), instructions(meteredCode), metered.chargeSites());
    }

    double moduleGrowth() {
        return (double) meteredBytes / originalBytes;
    }

    static String header() {
        return String.format("%-22s %9s %9s %7s %9s %9s %7s %9s %9s %7s %7s", "module", "bytes", "metered", "growth",
                "code", "metered", "growth", "instrs", "metered", "growth", "charges");
    }

    @Override
    public String toString() {
        return String.format("%-22s %9d %9d %6.0f%% %9d %9d %6.0f%% %9d %9d %6.0f%% %7d", name, originalBytes,
                meteredBytes, percent(meteredBytes, originalBytes), originalCodeBytes, meteredCodeBytes,
                percent(meteredCodeBytes, originalCodeBytes), originalInstructions, meteredInstructions,
                percent(meteredInstructions, originalInstructions), chargeSites);
    }

    private static double percent(double after, double before) {
        return 100.0 * (after - before) / before;
    }

    private static byte[] code(byte[] module) {
        List<Section> sections = ModuleSections.split(module);
        return sections.get(ModuleSections.indexOf(sections, SectionId.CODE)).payload();
    }

    private static long instructions(byte[] code) {
        long count = 0;
        for (FunctionBody body : FunctionBody.list(code)) {
            count += body.instructions(code).size();
        }
        return count;
    }
}
