package dev.plinth.component.internal.binary;

import dev.plinth.component.ComponentHeader;
import dev.plinth.component.MalformedComponentException;
import dev.plinth.component.internal.binary.Ast.*;
import dev.plinth.component.type.ValueType.Primitive;
import dev.plinth.wasm.binary.ByteReader;
import dev.plinth.wasm.binary.MalformedWasmException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Reads a component binary (Binary.md of the Component Model) into {@link Ast}. Every length and count is
 * checked against the bytes left in its section before anything is allocated, so a hostile binary cannot
 * make the parser allocate more than the binary's own size; every failure is a
 * {@link MalformedComponentException} naming the section and offset.
 */
public final class ComponentParser {
    /** How deep components, component types and instance types may nest. */
    static final int MAX_NESTING = 32;

    private static final String[] SECTION_NAMES = {"custom", "core module", "core instance", "core type",
        "component", "instance", "alias", "type", "canon", "start", "import", "export", "value"};

    private final byte[] bytes;
    private ByteReader in;
    private String section = "preamble";
    private int depth;

    private ComponentParser(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Parses a whole component binary. */
    public static Component parse(byte[] bytes) {
        ComponentParser parser = new ComponentParser(bytes);
        return parser.component(0, bytes.length);
    }

    private Component component(int start, int end) {
        if (++depth > MAX_NESTING) {
            throw fail("components nest deeper than " + MAX_NESTING);
        }
        ByteReader outer = in;
        String outerSection = section;
        in = new ByteReader(bytes, start, end);
        section = "preamble";
        if (end - start < 8 || !ComponentHeader.isComponent(Arrays.copyOfRange(bytes, start, start + 8))) {
            throw fail(ComponentHeader.kind(Arrays.copyOfRange(bytes, start, Math.min(end, start + 8)))
                    == ComponentHeader.Kind.CORE_MODULE
                    ? "this is a core module, not a component (version 1, layer 0)"
                    : "no component header (\\0asm, version 0x0d, layer 1)");
        }
        in.skip(8);
        List<Definition> definitions = new ArrayList<>();
        while (!in.atEnd()) {
            section = "section header";
            int id = guarded(in::u8);
            int size = guarded(in::index);
            if (id >= SECTION_NAMES.length) {
                section = "section header";
                throw fail("unknown section id " + id);
            }
            section = SECTION_NAMES[id];
            if (size > in.remaining()) {
                throw fail("section size " + size + " is past the end (" + in.remaining() + " bytes left)");
            }
            int sectionEnd = in.position() + size;
            ByteReader whole = in;
            in = new ByteReader(bytes, whole.position(), sectionEnd);
            guarded(() -> {
                section(id, definitions);
                return null;
            });
            if (!in.atEnd()) {
                throw fail((in.remaining()) + " bytes left unread at the end of the section");
            }
            in = whole;
            in.seek(sectionEnd);
        }
        in = outer;
        section = outerSection;
        depth--;
        return new Component(definitions);
    }

    private void section(int id, List<Definition> out) {
        switch (id) {
            case 0 -> {
                out.add(new Custom(name()));
                in.seek(in.end());
            }
            case 1 -> out.add(coreModule());
            case 2 -> vector(out, this::coreInstance);
            case 3 -> vector(out, () -> new CoreTypeDef(coreType()));
            case 4 -> {
                int start = in.position();
                Component nested = component(start, in.end());
                in.seek(in.end());
                out.add(new NestedComponent(nested));
            }
            case 5 -> vector(out, this::instance);
            case 6 -> vector(out, this::alias);
            case 7 -> vector(out, () -> new TypeDef(defType()));
            case 8 -> vector(out, this::canon);
            case 9 -> out.add(start());
            case 10 -> vector(out, () -> new Import(externName(), externDesc()));
            case 11 -> vector(out, this::export);
            default -> throw fail("value definitions are not supported");
        }
    }

    private CoreModule coreModule() {
        int start = in.position();
        byte[] module = Arrays.copyOfRange(bytes, start, in.end());
        if (!ComponentHeader.isCoreModule(module)) {
            throw fail("the embedded module has no core module header");
        }
        in.seek(in.end());
        return new CoreModule(withNamedImports(module));
    }

    /**
     * The module with its empty import field names renamed (wit-component writes {@code "" ""} imports, which
     * Chicory does not parse); the instantiator links the placeholder as the empty name. A module this cannot read
     * stays as it is, for the core parser to report.
     */
    private static byte[] withNamedImports(byte[] module) {
        try {
            return dev.plinth.wasm.binary.EmptyImportNames.rename(module);
        } catch (RuntimeException e) {
            return module;
        }
    }

    private Definition coreInstance() {
        int kind = in.u8();
        return switch (kind) {
            case 0x00 -> {
                int module = in.index();
                List<CoreArg> args = list(() -> {
                    String name = name();
                    expect(0x12, "instantiate argument sort (core instance)");
                    return new CoreArg(name, in.index());
                });
                yield new CoreInstantiate(module, args);
            }
            case 0x01 -> new CoreInlineExports(list(() -> {
                String name = name();
                return new NamedSortIndex(name, coreSort(), in.index());
            }));
            default -> throw failAt(in.position() - 1, "unknown core instance form 0x" + hex(kind));
        };
    }

    private CoreType coreType() {
        int form = in.u8();
        return switch (form) {
            case 0x60 -> new CoreFuncType(list(this::coreValType), list(this::coreValType));
            case 0x50 -> {
                int count = count();
                for (int i = 0; i < count; i++) {
                    moduleDecl();
                }
                yield new CoreModuleType(count);
            }
            default -> throw failAt(in.position() - 1, "unsupported core type form 0x" + hex(form)
                    + " (only function and module types)");
        };
    }

    private void moduleDecl() {
        int kind = in.u8();
        switch (kind) {
            case 0x00 -> {
                name();
                name();
                coreExternType();
            }
            case 0x01 -> coreType();
            case 0x02 -> {
                expect(0x10, "core alias sort (type)");
                expect(0x01, "core alias form (outer)");
                in.index();
                in.index();
            }
            case 0x03 -> {
                name();
                coreExternType();
            }
            default -> throw failAt(in.position() - 1, "unknown module type declaration 0x" + hex(kind));
        }
    }

    private void coreExternType() {
        int kind = in.u8();
        switch (kind) {
            case 0x00 -> in.index();
            case 0x01 -> {
                coreValType();
                limits();
            }
            case 0x02 -> limits();
            case 0x03 -> {
                coreValType();
                int mutability = in.u8();
                if (mutability > 1) {
                    throw failAt(in.position() - 1, "global mutability 0x" + hex(mutability));
                }
            }
            case 0x04 -> {
                expect(0x00, "tag attribute");
                in.index();
            }
            default -> throw failAt(in.position() - 1, "unknown core extern type 0x" + hex(kind));
        }
    }

    private void limits() {
        int flags = in.u8();
        if (flags > 0x07) {
            throw failAt(in.position() - 1, "limits flags 0x" + hex(flags));
        }
        boolean wide = (flags & 0x04) != 0;
        if (wide) {
            in.s64();
        } else {
            in.u32();
        }
        if ((flags & 0x01) != 0) {
            if (wide) {
                in.s64();
            } else {
                in.u32();
            }
        }
    }

    private int coreValType() {
        int type = in.u8();
        switch (type) {
            case 0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f -> {
                return type;
            }
            case 0x63, 0x64 -> {
                in.s33();
                return type;
            }
            default -> throw failAt(in.position() - 1, "unknown core value type 0x" + hex(type));
        }
    }

    private Definition instance() {
        int kind = in.u8();
        return switch (kind) {
            case 0x00 -> {
                int component = in.index();
                yield new InstanceInstantiate(component, list(() -> {
                    String name = name();
                    return sortIndex(name);
                }));
            }
            case 0x01 -> new InstanceInlineExports(list(() -> {
                String name = externName();
                return sortIndex(name);
            }));
            default -> throw failAt(in.position() - 1, "unknown instance form 0x" + hex(kind));
        };
    }

    private NamedSortIndex sortIndex(String name) {
        Sort sort = sort();
        return new NamedSortIndex(name, sort, in.index());
    }

    private Alias alias() {
        Sort sort = sort();
        int kind = in.u8();
        AliasTarget target = switch (kind) {
            case 0x00 -> new InstanceExport(in.index(), name());
            case 0x01 -> new CoreInstanceExport(in.index(), name());
            case 0x02 -> {
                if (sort != Sort.TYPE && sort != Sort.CORE_TYPE && sort != Sort.COMPONENT && sort != Sort.CORE_MODULE) {
                    throw fail("an outer alias of a " + sort);
                }
                yield new Outer(in.index(), in.index());
            }
            default -> throw failAt(in.position() - 1, "unknown alias form 0x" + hex(kind));
        };
        return new Alias(sort, target);
    }

    private Sort sort() {
        int at = in.position();
        int code = in.u8();
        if (code == 0x00) {
            return coreSort();
        }
        Sort sort = Sort.component(code);
        if (sort == null) {
            throw failAt(at, "unknown sort 0x" + hex(code));
        }
        return sort;
    }

    private Sort coreSort() {
        int at = in.position();
        int code = in.u8();
        Sort sort = Sort.core(code);
        if (sort == null) {
            throw failAt(at, "unknown core sort 0x" + hex(code));
        }
        return sort;
    }

    private DefType defType() {
        int form = in.peekU8();
        switch (form) {
            case 0x40, 0x43 -> {
                in.u8();
                List<NamedRef> params = list(() -> new NamedRef(label(), valType()));
                return new FuncTypeDef(params, resultList(), form == 0x43);
            }
            case 0x41 -> {
                in.u8();
                return new ComponentTypeDef(nested(() -> list(() -> decl(true))));
            }
            case 0x42 -> {
                in.u8();
                return new InstanceTypeDef(nested(() -> list(() -> decl(false))));
            }
            case 0x3f -> {
                in.u8();
                int rep = in.u8();
                if (rep != 0x7f) {
                    throw failAt(in.position() - 1, "resource representation 0x" + hex(rep) + " (only i32)");
                }
                return new ResourceTypeDef(rep, optional(in::index).map(OptionalInt::of).orElse(OptionalInt.empty()));
            }
            default -> {
                return defValType();
            }
        }
    }

    private List<ValRef> resultList() {
        int at = in.position();
        int form = in.u8();
        return switch (form) {
            case 0x00 -> List.of(valType());
            case 0x01 -> {
                // 0x01 0x00 is "no result"; older encoders wrote named results as 0x01 vec(labelvaltype).
                List<NamedRef> named = list(() -> new NamedRef(label(), valType()));
                yield named.stream().map(NamedRef::type).toList();
            }
            default -> throw failAt(at, "unknown result list form 0x" + hex(form));
        };
    }

    private Decl decl(boolean component) {
        int at = in.position();
        int kind = in.u8();
        return switch (kind) {
            case 0x00 -> new CoreTypeDef(coreType());
            case 0x01 -> new TypeDef(defType());
            case 0x02 -> alias();
            case 0x03 -> {
                if (!component) {
                    throw failAt(at, "an import declaration inside an instance type");
                }
                yield new Import(externName(), externDesc());
            }
            case 0x04 -> new ExportDecl(externName(), externDesc());
            default -> throw failAt(at, "unknown type declaration 0x" + hex(kind));
        };
    }

    private DefValType defValType() {
        int at = in.position();
        int form = in.u8();
        Primitive primitive = primitive(form);
        if (primitive != null) {
            return new PrimDef(primitive);
        }
        return switch (form) {
            case 0x72 -> new RecordDef(nonEmpty(list(() -> new NamedRef(label(), valType())), "record", at));
            case 0x71 -> new VariantDef(nonEmpty(list(() -> {
                String name = label();
                Optional<ValRef> payload = optional(this::valType);
                int refines = in.u8();
                if (refines != 0x00) {
                    throw failAt(in.position() - 1, "variant case refines (0x" + hex(refines) + ") is not supported");
                }
                return new CaseDef(name, payload);
            }), "variant", at));
            case 0x70 -> new ListDef(valType());
            case 0x67 -> {
                valType();
                in.index();
                yield new UnsupportedDef("fixed-length list");
            }
            case 0x6f -> new TupleDef(nonEmpty(list(this::valType), "tuple", at));
            case 0x6e -> {
                List<String> names = nonEmpty(list(this::label), "flags", at);
                if (names.size() > 32) {
                    throw failAt(at, "flags with " + names.size() + " names (at most 32)");
                }
                yield new FlagsDef(names);
            }
            case 0x6d -> new EnumDef(nonEmpty(list(this::label), "enum", at));
            case 0x6b -> new OptionDef(valType());
            case 0x6a -> new ResultDef(optional(this::valType), optional(this::valType));
            case 0x69 -> new OwnDef(in.index());
            case 0x68 -> new BorrowDef(in.index());
            case 0x66 -> {
                optional(this::valType);
                yield new UnsupportedDef("stream");
            }
            case 0x65 -> {
                optional(this::valType);
                yield new UnsupportedDef("future");
            }
            case 0x64 -> new UnsupportedDef("error-context");
            case 0x63 -> {
                valType();
                valType();
                yield new UnsupportedDef("map");
            }
            default -> throw failAt(at, "unknown value type 0x" + hex(form));
        };
    }

    private ValRef valType() {
        // A primitive's code, or a type index as a non-negative s33 (encoders write indices signed).
        int at = in.position();
        int first = in.peekU8();
        Primitive primitive = primitive(first);
        if (primitive != null) {
            in.u8();
            return new PrimRef(primitive);
        }
        long index = in.s33();
        if (index < 0) {
            throw failAt(at, first == 0x64 ? "error-context is not supported" : "unknown value type 0x" + hex(first));
        }
        if (index > Integer.MAX_VALUE) {
            throw failAt(at, "type index " + index + " is too large");
        }
        return new IndexRef((int) index);
    }

    private static Primitive primitive(int code) {
        int ordinal = 0x7f - code;
        Primitive[] all = Primitive.values();
        return ordinal >= 0 && ordinal < all.length ? all[ordinal] : null;
    }

    private Canon canon() {
        int at = in.position();
        int op = in.u8();
        return switch (op) {
            case 0x00 -> {
                expect(0x00, "lift sort (core func)");
                int func = in.index();
                CanonOptions options = options();
                yield new Lift(func, options, in.index());
            }
            case 0x01 -> {
                expect(0x00, "lower sort (func)");
                int func = in.index();
                yield new Lower(func, options());
            }
            case 0x02 -> new ResourceNew(in.index());
            case 0x03 -> new ResourceDrop(in.index(), false);
            case 0x07 -> new ResourceDrop(in.index(), true);
            case 0x04 -> new ResourceRep(in.index());
            default -> throw failAt(at, "canon 0x" + hex(op)
                    + " (async, threads or error-context) is not supported");
        };
    }

    private CanonOptions options() {
        int count = count();
        StringEncoding encoding = null;
        Integer memory = null;
        Integer realloc = null;
        Integer postReturn = null;
        Integer callback = null;
        boolean async = false;
        for (int i = 0; i < count; i++) {
            int at = in.position();
            int option = in.u8();
            switch (option) {
                case 0x00, 0x01, 0x02 -> {
                    if (encoding != null) {
                        throw failAt(at, "two string-encoding options");
                    }
                    encoding = StringEncoding.values()[option];
                }
                case 0x03 -> memory = once(memory, in.index(), "memory", at);
                case 0x04 -> realloc = once(realloc, in.index(), "realloc", at);
                case 0x05 -> postReturn = once(postReturn, in.index(), "post-return", at);
                case 0x06 -> {
                    if (async) {
                        throw failAt(at, "two async options");
                    }
                    async = true;
                }
                case 0x07 -> callback = once(callback, in.index(), "callback", at);
                default -> throw failAt(at, "unknown canonical option 0x" + hex(option));
            }
        }
        return new CanonOptions(encoding == null ? StringEncoding.UTF8 : encoding, optionalInt(memory),
                optionalInt(realloc), optionalInt(postReturn), async, optionalInt(callback));
    }

    private Integer once(Integer previous, int value, String option, int at) {
        if (previous != null) {
            throw failAt(at, "two " + option + " options");
        }
        return value;
    }

    private static OptionalInt optionalInt(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private Start start() {
        int func = in.index();
        List<Integer> args = list(in::index);
        return new Start(func, args, in.index());
    }

    private Export export() {
        String name = externName();
        Sort sort = sort();
        int index = in.index();
        return new Export(name, sort, index, optional(this::externDesc));
    }

    private ExternDesc externDesc() {
        int at = in.position();
        int kind = in.u8();
        return switch (kind) {
            case 0x00 -> {
                expect(0x11, "core module type");
                yield new ExternDesc(Sort.CORE_MODULE, in.index(), false);
            }
            case 0x01 -> new ExternDesc(Sort.FUNC, in.index(), false);
            case 0x02 -> throw failAt(at, "value imports and exports are not supported");
            case 0x03 -> {
                int bound = in.u8();
                yield switch (bound) {
                    case 0x00 -> new ExternDesc(Sort.TYPE, in.index(), false);
                    case 0x01 -> new ExternDesc(Sort.TYPE, -1, true);
                    default -> throw failAt(in.position() - 1, "unknown type bound 0x" + hex(bound));
                };
            }
            case 0x04 -> new ExternDesc(Sort.COMPONENT, in.index(), false);
            case 0x05 -> new ExternDesc(Sort.INSTANCE, in.index(), false);
            default -> throw failAt(at, "unknown extern type 0x" + hex(kind));
        };
    }

    /** An import or export name with its attributes (which are read and ignored). */
    private String externName() {
        int at = in.position();
        int form = in.u8();
        String name = name();
        if (form == 0x02) {
            int count = count();
            for (int i = 0; i < count; i++) {
                int kind = in.u8();
                if (kind > 0x02) {
                    throw failAt(in.position() - 1, "unknown name attribute 0x" + hex(kind));
                }
                name();
            }
        } else if (form > 0x02) {
            throw failAt(at, "unknown name form 0x" + hex(form));
        }
        if (name.isEmpty()) {
            throw failAt(at, "an empty import or export name");
        }
        return name;
    }

    private String label() {
        int at = in.position();
        String label = name();
        if (label.isEmpty()) {
            throw failAt(at, "an empty label");
        }
        return label;
    }

    /** A length-prefixed name that must be valid UTF-8. */
    private String name() {
        int at = in.position();
        int length = in.index();
        if (length > in.remaining()) {
            throw failAt(at, "name of " + length + " bytes with " + in.remaining() + " left");
        }
        int start = in.position();
        in.skip(length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, length)).toString();
        } catch (CharacterCodingException e) {
            throw failAt(start, "a name that is not valid UTF-8");
        }
    }

    private <T> Optional<T> optional(Supplier<T> element) {
        int at = in.position();
        int flag = in.u8();
        return switch (flag) {
            case 0x00 -> Optional.empty();
            case 0x01 -> Optional.of(element.get());
            default -> throw failAt(at, "option flag 0x" + hex(flag) + " (0x00 or 0x01)");
        };
    }

    /** A vector's element count, which cannot exceed the bytes left (every element takes at least one). */
    private int count() {
        int at = in.position();
        int count = in.index();
        if (count > in.remaining()) {
            throw failAt(at, "a vector of " + count + " elements with " + in.remaining() + " bytes left");
        }
        return count;
    }

    private <T> List<T> list(Supplier<T> element) {
        int count = count();
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(element.get());
        }
        return out;
    }

    private <T> void vector(List<Definition> out, Supplier<? extends Definition> element) {
        int count = count();
        for (int i = 0; i < count; i++) {
            out.add(element.get());
        }
    }

    private <T> T nested(Supplier<T> body) {
        if (++depth > MAX_NESTING) {
            throw fail("types nest deeper than " + MAX_NESTING);
        }
        T result = body.get();
        depth--;
        return result;
    }

    private <T> List<T> nonEmpty(List<T> list, String what, int at) {
        if (list.isEmpty()) {
            throw failAt(at, "an empty " + what);
        }
        return list;
    }

    private void expect(int value, String what) {
        int at = in.position();
        int actual = in.u8();
        if (actual != value) {
            throw failAt(at, what + ": expected 0x" + hex(value) + ", found 0x" + hex(actual));
        }
    }

    /** Runs a read, turning the byte reader's errors into this section's. */
    private <T> T guarded(Supplier<T> read) {
        try {
            return read.get();
        } catch (MalformedWasmException e) {
            throw fail(e.getMessage());
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw fail("unreadable: " + e.getMessage());
        }
    }

    private MalformedComponentException fail(String problem) {
        return failAt(in == null ? 0 : in.position(), problem);
    }

    private MalformedComponentException failAt(int offset, String problem) {
        return new MalformedComponentException(section, offset, problem);
    }

    private static String hex(int value) {
        return String.format("%02x", value);
    }
}
