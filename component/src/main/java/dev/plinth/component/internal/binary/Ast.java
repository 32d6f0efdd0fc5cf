package dev.plinth.component.internal.binary;

import dev.plinth.component.type.ValueType.Primitive;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The syntax of a component binary, definition by definition in the order the binary gives them (index
 * spaces are built in that order). Indices are not resolved here; the instantiator does that.
 */
public final class Ast {
    private Ast() {
    }

    /** A whole component: its definitions in binary order. */
    public record Component(List<Definition> definitions) {
        public Component {
            definitions = List.copyOf(definitions);
        }
    }

    /** One definition of a component, from one of its sections. */
    public sealed interface Definition {
    }

    /** A declaration inside a component type or instance type. */
    public sealed interface Decl {
    }

    /** An embedded core module: its bytes, a core module binary. */
    public record CoreModule(byte[] bytes) implements Definition {
    }

    public record CoreArg(String name, int instance) {
    }

    /** {@code (core instance (instantiate m (with "name" (instance i))*))}. */
    public record CoreInstantiate(int module, List<CoreArg> args) implements Definition {
        public CoreInstantiate {
            args = List.copyOf(args);
        }
    }

    /** A (core or component) sort index with a name: an inline export or an instantiate argument. */
    public record NamedSortIndex(String name, Sort sort, int index) {
    }

    /** {@code (core instance (export "n" (func i))*)}: a core instance made of existing core items. */
    public record CoreInlineExports(List<NamedSortIndex> exports) implements Definition {
        public CoreInlineExports {
            exports = List.copyOf(exports);
        }
    }

    /** A core type: a function type or a module type (whose declarations are skipped over). */
    public record CoreTypeDef(CoreType type) implements Definition, Decl {
    }

    public sealed interface CoreType {
    }

    /** A core function type; parameters and results are core value type bytes (0x7f i32, ...). */
    public record CoreFuncType(List<Integer> params, List<Integer> results) implements CoreType {
    }

    /** A core module type with its number of declarations. */
    public record CoreModuleType(int declarations) implements CoreType {
    }

    /** A nested component definition. */
    public record NestedComponent(Component component) implements Definition {
    }

    /** {@code (instance (instantiate c (with "name" sortidx)*))}. */
    public record InstanceInstantiate(int component, List<NamedSortIndex> args) implements Definition {
        public InstanceInstantiate {
            args = List.copyOf(args);
        }
    }

    /** {@code (instance (export "n" sortidx)*)}. */
    public record InstanceInlineExports(List<NamedSortIndex> exports) implements Definition {
        public InstanceInlineExports {
            exports = List.copyOf(exports);
        }
    }

    /** An alias: adds an item of {@code sort} to its index space. */
    public record Alias(Sort sort, AliasTarget target) implements Definition, Decl {
    }

    public sealed interface AliasTarget {
    }

    /** The export {@code name} of component instance {@code instance}. */
    public record InstanceExport(int instance, String name) implements AliasTarget {
    }

    /** The export {@code name} of core instance {@code instance}. */
    public record CoreInstanceExport(int instance, String name) implements AliasTarget {
    }

    /** Item {@code index} of the scope {@code count} levels out. */
    public record Outer(int count, int index) implements AliasTarget {
    }

    /** A type definition. */
    public record TypeDef(DefType type) implements Definition, Decl {
    }

    public sealed interface DefType {
    }

    /** A value type reference: a primitive or a type index. */
    public sealed interface ValRef {
    }

    public record PrimRef(Primitive primitive) implements ValRef {
    }

    public record IndexRef(int index) implements ValRef {
    }

    public record NamedRef(String name, ValRef type) {
    }

    public record CaseDef(String name, Optional<ValRef> payload) {
    }

    /** A defined value type; {@code PrimDef} for a primitive given as a type definition. */
    public sealed interface DefValType extends DefType {
    }

    public record PrimDef(Primitive primitive) implements DefValType {
    }

    public record RecordDef(List<NamedRef> fields) implements DefValType {
    }

    public record VariantDef(List<CaseDef> cases) implements DefValType {
    }

    public record ListDef(ValRef element) implements DefValType {
    }

    public record TupleDef(List<ValRef> elements) implements DefValType {
    }

    public record FlagsDef(List<String> names) implements DefValType {
    }

    public record EnumDef(List<String> cases) implements DefValType {
    }

    public record OptionDef(ValRef some) implements DefValType {
    }

    public record ResultDef(Optional<ValRef> ok, Optional<ValRef> error) implements DefValType {
    }

    public record OwnDef(int resource) implements DefValType {
    }

    public record BorrowDef(int resource) implements DefValType {
    }

    /** A value type the parser reads but the runtime does not support yet (fixed lists, stream, future, ...). */
    public record UnsupportedDef(String what) implements DefValType {
    }

    /** A function type; {@code async} for the 0x43 form. */
    public record FuncTypeDef(List<NamedRef> params, List<ValRef> results, boolean async) implements DefType {
    }

    public record ComponentTypeDef(List<Decl> decls) implements DefType {
    }

    public record InstanceTypeDef(List<Decl> decls) implements DefType {
    }

    /** {@code (resource (rep i32) (dtor f)?)}. */
    public record ResourceTypeDef(int rep, OptionalInt destructor) implements DefType {
    }

    /** The canonical options of a lift or lower. */
    public record CanonOptions(StringEncoding encoding, OptionalInt memory, OptionalInt realloc,
            OptionalInt postReturn, boolean async, OptionalInt callback) {
    }

    /** A canonical definition. */
    public sealed interface Canon extends Definition {
    }

    /** {@code (canon lift (core func f) opts (type t))}: adds a component function. */
    public record Lift(int coreFunc, CanonOptions options, int type) implements Canon {
    }

    /** {@code (canon lower (func f) opts)}: adds a core function. */
    public record Lower(int func, CanonOptions options) implements Canon {
    }

    public record ResourceNew(int type) implements Canon {
    }

    public record ResourceDrop(int type, boolean async) implements Canon {
    }

    public record ResourceRep(int type) implements Canon {
    }

    public record Start(int func, List<Integer> args, int results) implements Definition {
    }

    /** What an import or export is: its sort and type index ({@code subResource} for {@code (type (sub resource))}). */
    public record ExternDesc(Sort sort, int typeIndex, boolean subResource) {
    }

    public record Import(String name, ExternDesc desc) implements Definition, Decl {
    }

    public record ExportDecl(String name, ExternDesc desc) implements Decl {
    }

    public record Export(String name, Sort sort, int index, Optional<ExternDesc> desc) implements Definition {
    }

    public record Custom(String name) implements Definition {
    }
}
