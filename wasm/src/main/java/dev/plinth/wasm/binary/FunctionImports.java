package dev.plinth.wasm.binary;

import java.util.ArrayList;
import java.util.List;

/**
 * The function imports of a module, with the function index each one takes (imports come first
 * in the function index space) and its type index: what a rewrite needs to find the calls to an
 * import by name.
 */
public final class FunctionImports {

    /** One imported function: its index in the function index space, its names, its type index. */
    public record Entry(int index, String module, String name, int type) {
    }

    private FunctionImports() {
    }

    /** The function imports of an import section payload, in order ({@code null}: none). */
    public static List<Entry> read(Section importSection) {
        List<Entry> functions = new ArrayList<>();
        if (importSection == null) {
            return functions;
        }
        ByteReader in = importSection.reader();
        int count = in.index();
        for (int i = 0; i < count; i++) {
            String module = in.name();
            String name = in.name();
            int at = in.position();
            int kind = in.u8();
            switch (kind) {
                case ExternalKind.FUNCTION -> functions.add(new Entry(functions.size(), module, name, in.index()));
                case ExternalKind.TABLE -> {
                    InstructionReader.valueType(in);
                    ImportCounts.limits(in);
                }
                case ExternalKind.MEMORY -> ImportCounts.limits(in);
                case ExternalKind.GLOBAL -> {
                    InstructionReader.valueType(in);
                    in.u8();
                }
                case ExternalKind.TAG -> {
                    in.u8();
                    in.u32();
                }
                default -> throw new MalformedWasmException("unknown import kind " + kind + " at offset " + at
                        + " of the import section");
            }
        }
        return functions;
    }
}
