package dev.plinth.wasm.binary;

import java.util.BitSet;
import java.util.List;

/**
 * The functions of a module that can be called other than by a {@code call} naming them: the
 * exported ones, the start function, those in element segments (so in tables, or declared for
 * {@code ref.func}) and those a {@code ref.func} names in code or in a global's initializer. Every
 * other function is only ever called directly, so its callers are all known.
 */
public final class FunctionReferences {
    private static final int FLAG_PASSIVE_OR_DECLARATIVE = 0x01;
    private static final int FLAG_EXPLICIT_TABLE = 0x02;
    private static final int FLAG_EXPRESSIONS = 0x04;

    private final BitSet referenced;

    private FunctionReferences(BitSet referenced) {
        this.referenced = referenced;
    }

    /**
     * Reads the references of a module.
     *
     * @param sections the module's sections
     * @param code the instructions of every function body
     */
    public static FunctionReferences read(List<Section> sections, List<List<Instruction>> code) {
        BitSet referenced = new BitSet();
        for (Section section : sections) {
            switch (section.id()) {
                case SectionId.EXPORT -> exports(section, referenced);
                case SectionId.START -> referenced.set(section.reader().index());
                case SectionId.ELEMENT -> elements(section, referenced);
                case SectionId.GLOBAL -> globals(section, referenced);
                default -> {
                }
            }
        }
        for (List<Instruction> body : code) {
            for (Instruction instruction : body) {
                if (instruction.opcode() == Opcodes.REF_FUNC) {
                    mark(referenced, instruction.index());
                }
            }
        }
        return new FunctionReferences(referenced);
    }

    /** Whether function {@code index} (imports included in the numbering) can be called indirectly or by the host. */
    public boolean isReferenced(int index) {
        return referenced.get(index);
    }

    private static void exports(Section section, BitSet referenced) {
        for (Export export : Export.list(section)) {
            if (export.kind() == ExternalKind.FUNCTION) {
                mark(referenced, export.index());
            }
        }
    }

    private static void elements(Section section, BitSet referenced) {
        ByteReader in = section.reader();
        int segments = in.index();
        for (int s = 0; s < segments; s++) {
            long flags = in.u32();
            if (flags > 7) {
                throw new MalformedWasmException("element segment " + s + " has unknown flags " + flags);
            }
            boolean active = (flags & FLAG_PASSIVE_OR_DECLARATIVE) == 0;
            if ((flags & FLAG_EXPLICIT_TABLE) != 0 && active) {
                in.u32(); // table index
            }
            if (active) {
                expression(in, referenced); // offset
            }
            boolean expressions = (flags & FLAG_EXPRESSIONS) != 0;
            if (flags != 0 && flags != 4) {
                if (expressions) {
                    InstructionReader.valueType(in); // reference type
                } else {
                    in.u8(); // element kind
                }
            }
            int count = in.index();
            for (int i = 0; i < count; i++) {
                if (expressions) {
                    expression(in, referenced);
                } else {
                    referenced.set(in.index());
                }
            }
        }
    }

    private static void globals(Section section, BitSet referenced) {
        ByteReader in = section.reader();
        int count = in.index();
        for (int i = 0; i < count; i++) {
            InstructionReader.valueType(in);
            in.u8(); // mutability
            expression(in, referenced);
        }
    }

    private static void mark(BitSet referenced, long function) {
        if (function < 0 || function > Integer.MAX_VALUE) {
            throw new MalformedWasmException("function index " + function + " is out of range");
        }
        referenced.set((int) function);
    }

    /** Reads a constant expression up to its {@code end}, noting the functions it names. */
    private static void expression(ByteReader in, BitSet referenced) {
        while (true) {
            Instruction instruction = InstructionReader.next(in);
            if (instruction.opcode() == Opcodes.END) {
                return;
            }
            if (instruction.opcode() == Opcodes.REF_FUNC) {
                mark(referenced, instruction.index());
            }
        }
    }
}
