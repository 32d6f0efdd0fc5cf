package dev.plinth.component.wit;

import dev.plinth.component.type.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The WIT text parser: scannerless recursive descent over one file's source, as WIT.md's grammar
 * writes it. Doc comments ({@code ///}, {@code /** *}{@code /}) attach to the next item; gates
 * ({@code @since}, {@code @unstable}, {@code @deprecated}, {@code @external-id}) are read and ignored.
 */
final class Parser {
    private static final Set<String> KEYWORDS = Set.of("as", "async", "bool", "borrow", "char", "constructor",
            "enum", "export", "f32", "f64", "flags", "float32", "float64", "func", "future", "import", "include",
            "interface", "list", "map", "option", "own", "package", "record", "resource", "result", "s16", "s32",
            "s64", "s8", "static", "stream", "string", "tuple", "type", "u16", "u32", "u64", "u8", "use",
            "variant", "with", "world", "error-context");
    /** How deep anonymous types may nest ({@code list<list<...>>}), as the component layer allows at link. */
    static final int MAX_TYPE_DEPTH = 100;
    private static final Pattern WORD = Pattern.compile("[a-z][0-9a-z]*|[A-Z][0-9A-Z]*");
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

    private final String src;
    private final String file;
    private final int[] lineStarts;
    private int pos;
    private final StringBuilder docs = new StringBuilder();
    private int typeDepth;

    Parser(String src, String file) {
        this.src = src;
        this.file = file;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The file; {@code name} is empty when the file has no {@code package} line. */
    ParsedFile file() {
        skip();
        Optional<PackageName> name = Optional.empty();
        String packageDocs = "";
        gates();
        if (eatKeyword("package")) {
            packageDocs = takeDocs();
            Position at = here();
            name = Optional.of(packageName());
            if (peek("{")) {
                throw error(at, "nested package blocks (`package a:b { ... }`) are not supported: one package per file");
            }
            expect(";", "`;` after the package name");
        }
        List<WitInterface> interfaces = new ArrayList<>();
        List<WitWorld> worlds = new ArrayList<>();
        List<WitPackage.TopLevelUse> uses = new ArrayList<>();
        while (true) {
            gates();
            if (atEnd()) {
                break;
            }
            String itemDocs = takeDocs();
            Position at = here();
            if (eatKeyword("interface")) {
                interfaces.add(interfaceBody(id("an interface name"), itemDocs, at));
            } else if (eatKeyword("world")) {
                worlds.add(world(itemDocs, at));
            } else if (eatKeyword("use")) {
                UsePath path = usePath();
                String as = eatKeyword("as") ? id("a name after `as`") : path.name();
                expect(";", "`;` after the use");
                uses.add(new WitPackage.TopLevelUse(path, as, at));
            } else {
                throw expected("`interface`, `world`, `use` or the end of the file");
            }
        }
        return new ParsedFile(name, interfaces, worlds, uses, packageDocs);
    }

    /** A file before it is merged into its package: the package name only if the file has one. */
    record ParsedFile(Optional<PackageName> name, List<WitInterface> interfaces, List<WitWorld> worlds,
                      List<WitPackage.TopLevelUse> uses, String docs) {
    }

    /** One type, alone: {@code list<tuple<u8, string>>}. */
    WitType typeOnly() {
        WitType type = type();
        skip();
        if (!atEnd()) {
            throw expected("the end of the type");
        }
        return type;
    }

    // ---- items

    private WitInterface interfaceBody(String name, String itemDocs, Position at) {
        expect("{", "`{` after the interface name");
        List<WitUse> uses = new ArrayList<>();
        List<TypeDef> types = new ArrayList<>();
        List<WitFunction> functions = new ArrayList<>();
        while (true) {
            gates();
            if (eat("}")) {
                break;
            }
            if (atEnd()) {
                throw expected("`}` closing interface `" + name + "`");
            }
            String d = takeDocs();
            Position p = here();
            if (eatKeyword("use")) {
                uses.add(use(p));
            } else if (typeDef(types, d, p)) {
                continue;
            } else {
                String fname = id("a function, type or `use` (or `}`)");
                expect(":", "`:` after the function name `" + fname + "`");
                functions.add(funcType(fname, WitFunction.Kind.FREESTANDING, d, p));
                expect(";", "`;` after the function `" + fname + "`");
            }
        }
        clearDocs();
        return new WitInterface(name, uses, types, functions, itemDocs, at);
    }

    private WitWorld world(String itemDocs, Position at) {
        String name = id("a world name");
        expect("{", "`{` after the world name");
        List<WitUse> uses = new ArrayList<>();
        List<TypeDef> types = new ArrayList<>();
        List<WorldItem> imports = new ArrayList<>();
        List<WorldItem> exports = new ArrayList<>();
        List<WitWorld.Include> includes = new ArrayList<>();
        while (true) {
            gates();
            if (eat("}")) {
                break;
            }
            if (atEnd()) {
                throw expected("`}` closing world `" + name + "`");
            }
            String d = takeDocs();
            Position p = here();
            if (eatKeyword("import")) {
                imports.add(worldItem(d, p));
            } else if (eatKeyword("export")) {
                exports.add(worldItem(d, p));
            } else if (eatKeyword("use")) {
                uses.add(use(p));
            } else if (eatKeyword("include")) {
                UsePath path = usePath();
                List<WitUse.Name> renames = new ArrayList<>();
                if (eatKeyword("with")) {
                    expect("{", "`{` after `with`");
                    do {
                        if (peek("}")) {
                            break;
                        }
                        Position np = here();
                        String from = id("a name to rename");
                        expectKeyword("as");
                        renames.add(new WitUse.Name(from, id("the new name"), np));
                    } while (eat(","));
                    expect("}", "`,` or `}` in the include's renames");
                }
                expect(";", "`;` after the include");
                includes.add(new WitWorld.Include(path, renames, p));
            } else if (!typeDef(types, d, p)) {
                throw expected("`import`, `export`, `use`, `include`, a type definition or `}`");
            }
        }
        clearDocs();
        return new WitWorld(name, uses, types, imports, exports, includes, itemDocs, at);
    }

    private WorldItem worldItem(String d, Position p) {
        skip();
        Position at = here();
        String first = id("an interface or a name");
        if (pos + 1 < src.length() && src.charAt(pos) == ':' && isIdStart(src.charAt(pos + 1))) {
            UsePath path = foreignPath(first, at);
            expect(";", "`;` after the interface path");
            return new WorldItem.InterfaceRef(path);
        }
        if (!eat(":")) {
            expect(";", "`:` (a named import or export) or `;`");
            return new WorldItem.InterfaceRef(new UsePath(Optional.empty(), first, at));
        }
        skip();
        if (peekKeyword("func") || peekKeyword("async")) {
            WitFunction f = funcType(first, WitFunction.Kind.FREESTANDING, d, p);
            expect(";", "`;` after the function `" + first + "`");
            return new WorldItem.Function(f);
        }
        if (eatKeyword("interface")) {
            return new WorldItem.InlineInterface(interfaceBody(first, d, p));
        }
        UsePath path = usePath();
        expect(";", "`;` after the interface path");
        return new WorldItem.NamedInterfaceRef(first, path);
    }

    private WitUse use(Position at) {
        UsePath path = usePath();
        expect(".", "`.` after the interface in `use` (use iface.{names})");
        expect("{", "`{` after `use " + path + ".`");
        List<WitUse.Name> names = new ArrayList<>();
        do {
            if (peek("}") && !names.isEmpty()) {
                break;
            }
            skip();
            Position np = here();
            String name = id("a type name to use");
            String as = eatKeyword("as") ? id("a name after `as`") : name;
            names.add(new WitUse.Name(name, as, np));
        } while (eat(","));
        expect("}", "`,` or `}` in the use's names");
        expect(";", "`;` after the use");
        return new WitUse(path, names, at);
    }

    /** A type definition, if one starts here: added to {@code types}. */
    private boolean typeDef(List<TypeDef> types, String d, Position p) {
        if (eatKeyword("type")) {
            String name = id("a type name");
            expect("=", "`=` after `type " + name + "`");
            WitType target = type();
            expect(";", "`;` after the type alias");
            types.add(new TypeDef(name, new TypeDef.Alias(target), d, p));
        } else if (eatKeyword("record")) {
            String name = id("a record name");
            expect("{", "`{` after the record name");
            List<TypeDef.Field> fields = new ArrayList<>();
            while (!eat("}")) {
                String fd = takeDocs();
                String field = id("a field name or `}`");
                expect(":", "`:` after the field name `" + field + "`");
                fields.add(new TypeDef.Field(field, type(), fd));
                if (!eat(",")) {
                    expect("}", "`,` or `}` after the field `" + field + "`");
                    break;
                }
            }
            clearDocs();
            types.add(new TypeDef(name, new TypeDef.Record(fields), d, p));
        } else if (eatKeyword("variant")) {
            String name = id("a variant name");
            List<TypeDef.Case> cases = cases("variant case", true);
            types.add(new TypeDef(name, new TypeDef.Variant(cases), d, p));
        } else if (eatKeyword("enum")) {
            String name = id("an enum name");
            types.add(new TypeDef(name, new TypeDef.Enum(cases("enum case", false)), d, p));
        } else if (eatKeyword("flags")) {
            String name = id("a flags name");
            types.add(new TypeDef(name, new TypeDef.Flags(cases("flag", false)), d, p));
        } else if (eatKeyword("resource")) {
            String name = id("a resource name");
            List<WitFunction> functions = new ArrayList<>();
            if (!eat(";")) {
                expect("{", "`;` or `{` after the resource name");
                while (true) {
                    gates();
                    if (eat("}")) {
                        break;
                    }
                    String fd = takeDocs();
                    Position fp = here();
                    if (eatKeyword("constructor")) {
                        List<WitFunction.Param> params = params();
                        Optional<WitType> result = eat("->") ? Optional.of(type()) : Optional.empty();
                        expect(";", "`;` after the constructor");
                        functions.add(new WitFunction("constructor", WitFunction.Kind.CONSTRUCTOR, params, result,
                                false, fd, fp));
                        continue;
                    }
                    String fname = id("a method, `constructor` or `}`");
                    expect(":", "`:` after the method name `" + fname + "`");
                    WitFunction.Kind kind = eatKeyword("static") ? WitFunction.Kind.STATIC : WitFunction.Kind.METHOD;
                    functions.add(funcType(fname, kind, fd, fp));
                    expect(";", "`;` after the method `" + fname + "`");
                }
                clearDocs();
                eat(";");
            }
            types.add(new TypeDef(name, new TypeDef.Resource(functions), d, p));
        } else {
            return false;
        }
        return true;
    }

    private List<TypeDef.Case> cases(String what, boolean payloads) {
        expect("{", "`{` before the " + what + "s");
        List<TypeDef.Case> cases = new ArrayList<>();
        while (!eat("}")) {
            String cd = takeDocs();
            String name = id("a " + what + " or `}`");
            Optional<WitType> payload = Optional.empty();
            if (payloads && eat("(")) {
                payload = Optional.of(type());
                expect(")", "`)` after the payload of `" + name + "`");
            }
            cases.add(new TypeDef.Case(name, payload, cd));
            if (!eat(",")) {
                expect("}", "`,` or `}` after `" + name + "`");
                break;
            }
        }
        clearDocs();
        return cases;
    }

    private WitFunction funcType(String name, WitFunction.Kind kind, String d, Position p) {
        boolean async = eatKeyword("async");
        expectKeyword("func");
        List<WitFunction.Param> params = params();
        Optional<WitType> result = Optional.empty();
        if (eat("->")) {
            if (peek("(")) {
                throw expected("one result type (named results `-> (a: T, ...)` are no longer WIT)");
            }
            result = Optional.of(type());
        }
        return new WitFunction(name, kind, params, result, async, d, p);
    }

    private List<WitFunction.Param> params() {
        expect("(", "`(` before the parameters");
        List<WitFunction.Param> params = new ArrayList<>();
        while (!eat(")")) {
            String name = id("a parameter name or `)`");
            expect(":", "`:` after the parameter `" + name + "`");
            params.add(new WitFunction.Param(name, type()));
            if (!eat(",")) {
                expect(")", "`,` or `)` after the parameter `" + name + "`");
                break;
            }
        }
        return params;
    }

    // ---- types

    private WitType type() {
        skip();
        Position at = here();
        if (++typeDepth > MAX_TYPE_DEPTH) {
            throw error(at, "types nest more than " + MAX_TYPE_DEPTH + " deep");
        }
        try {
            return typeAt(at);
        } finally {
            typeDepth--;
        }
    }

    private WitType typeAt(Position at) {
        if (peek("%")) {
            return new WitType.Named(id("a type"), at);
        }
        String word = peekWord();
        if (word == null) {
            throw expected("a type");
        }
        ValueType.Primitive primitive = switch (word) {
            case "bool" -> ValueType.Primitive.BOOL;
            case "s8" -> ValueType.Primitive.S8;
            case "u8" -> ValueType.Primitive.U8;
            case "s16" -> ValueType.Primitive.S16;
            case "u16" -> ValueType.Primitive.U16;
            case "s32" -> ValueType.Primitive.S32;
            case "u32" -> ValueType.Primitive.U32;
            case "s64" -> ValueType.Primitive.S64;
            case "u64" -> ValueType.Primitive.U64;
            case "f32", "float32" -> ValueType.Primitive.F32;
            case "f64", "float64" -> ValueType.Primitive.F64;
            case "char" -> ValueType.Primitive.CHAR;
            case "string" -> ValueType.Primitive.STRING;
            default -> null;
        };
        if (primitive != null) {
            pos += word.length();
            return new WitType.Primitive(primitive);
        }
        switch (word) {
            case "list" -> {
                pos += word.length();
                expect("<", "`<` after `list`");
                WitType element = type();
                if (peek(",")) {
                    throw expected("`>` (fixed-length lists `list<T, N>` are not supported)");
                }
                expect(">", "`>` closing `list<`");
                return new WitType.ListOf(element);
            }
            case "option" -> {
                pos += word.length();
                expect("<", "`<` after `option`");
                WitType some = type();
                expect(">", "`>` closing `option<`");
                return new WitType.OptionOf(some);
            }
            case "result" -> {
                pos += word.length();
                if (!eat("<")) {
                    return new WitType.ResultOf(Optional.empty(), Optional.empty());
                }
                skip();
                Optional<WitType> ok;
                if (src.startsWith("_", pos)) {
                    pos++;
                    ok = Optional.empty();
                    expect(",", "`,` and the error type after `result<_`");
                    WitType err = type();
                    expect(">", "`>` closing `result<`");
                    return new WitType.ResultOf(ok, Optional.of(err));
                }
                ok = Optional.of(type());
                Optional<WitType> err = eat(",") ? Optional.of(type()) : Optional.empty();
                expect(">", "`,` or `>` in `result<`");
                return new WitType.ResultOf(ok, err);
            }
            case "tuple" -> {
                pos += word.length();
                expect("<", "`<` after `tuple`");
                List<WitType> elements = new ArrayList<>();
                do {
                    if (peek(">") && !elements.isEmpty()) {
                        break;
                    }
                    elements.add(type());
                } while (eat(","));
                expect(">", "`,` or `>` in `tuple<`");
                return new WitType.TupleOf(elements);
            }
            case "borrow" -> {
                pos += word.length();
                expect("<", "`<` after `borrow`");
                skip();
                Position rp = here();
                String resource = id("a resource name");
                expect(">", "`>` closing `borrow<`");
                return new WitType.Borrow(resource, rp);
            }
            case "future", "stream", "map", "error-context" ->
                    throw error(at, "`" + word + "` is not supported by this host (async and map types are not yet)");
            default -> {
                return new WitType.Named(id("a type"), at);
            }
        }
    }

    // ---- names

    private PackageName packageName() {
        skip();
        String namespace = id("a package namespace");
        if (!src.startsWith(":", pos)) {
            throw expected("`:` in the package name (namespace:name)");
        }
        pos++;
        String name = id("a package name");
        if (peek(":") || peek("/")) {
            throw expected("`@version` or `;` (nested namespaces and packages are not supported)");
        }
        return new PackageName(namespace, name, version());
    }

    private Optional<String> version() {
        if (!src.startsWith("@", pos)) {
            return Optional.empty();
        }
        pos++;
        Position at = here();
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || "-.+".indexOf(src.charAt(pos)) >= 0)) {
            pos++;
        }
        while (pos > start && src.charAt(pos - 1) == '.') {
            pos--; // `wasi:io/streams@0.2.0.{...}`: the dot belongs to the use
        }
        String v = src.substring(start, pos);
        if (!SEMVER.matcher(v).matches()) {
            throw error(at, "expected a semver version (like 1.2.3 or 0.2.0-rc.1), found `" + v + "`");
        }
        return Optional.of(v);
    }

    /** {@code iface} or {@code ns:pkg/iface@version}. */
    private UsePath usePath() {
        skip();
        Position at = here();
        String first = id("an interface name or path");
        if (src.startsWith(":", pos)) {
            return foreignPath(first, at);
        }
        return new UsePath(Optional.empty(), first, at);
    }

    private UsePath foreignPath(String namespace, Position at) {
        pos++; // ':'
        String pkg = id("a package name after `" + namespace + ":`");
        if (!src.startsWith("/", pos)) {
            throw expected("`/` and an interface name after `" + namespace + ":" + pkg + "`");
        }
        pos++;
        String item = id("an interface name");
        Optional<String> version = version();
        return new UsePath(Optional.of(new PackageName(namespace, pkg, version)), item, at);
    }

    /** A kebab-case identifier, {@code %}-escaped or not a keyword. */
    private String id(String what) {
        skip();
        Position at = here();
        boolean escaped = false;
        if (src.startsWith("%", pos)) {
            escaped = true;
            pos++;
        }
        String word = peekWord();
        if (word == null) {
            pos = escaped ? pos - 1 : pos;
            throw error(at, "expected " + what + ", found " + describeHere(at));
        }
        for (String part : word.split("-", -1)) {
            if (!WORD.matcher(part).matches()) {
                throw error(at, "`" + word + "` is not a kebab-case name: each word is all lower case or all upper "
                        + "case and starts with a letter (expected " + what + ")");
            }
        }
        if (!escaped && KEYWORDS.contains(word)) {
            throw error(at, "expected " + what + ", found the keyword `" + word + "` (write `%" + word
                    + "` to use it as a name)");
        }
        pos += word.length();
        return word;
    }

    private static boolean isIdStart(char c) {
        return Character.isLetter(c) || c == '%';
    }

    /** The word at the cursor ({@code [A-Za-z0-9]+(-[A-Za-z0-9]+)*}), not consumed; null if none. */
    private String peekWord() {
        int i = pos;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (isAsciiAlnum(c)) {
                i++;
            } else if (c == '-' && i > pos && i + 1 < src.length() && isAsciiAlnum(src.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        return i == pos ? null : src.substring(pos, i);
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private boolean peekKeyword(String keyword) {
        skip();
        return keyword.equals(peekWord());
    }

    private boolean eatKeyword(String keyword) {
        if (peekKeyword(keyword)) {
            pos += keyword.length();
            return true;
        }
        return false;
    }

    private void expectKeyword(String keyword) {
        if (!eatKeyword(keyword)) {
            throw expected("`" + keyword + "`");
        }
    }

    private boolean peek(String punct) {
        skip();
        if (!src.startsWith(punct, pos)) {
            return false;
        }
        return !punct.equals("-") || !src.startsWith("->", pos);
    }

    private boolean eat(String punct) {
        if (peek(punct)) {
            pos += punct.length();
            return true;
        }
        return false;
    }

    private void expect(String punct, String what) {
        if (!eat(punct)) {
            throw expected(what);
        }
    }

    /** Gates and {@code @external-id} before an item: {@code @name(...)}, read to the closing parenthesis. */
    private void gates() {
        while (peek("@")) {
            Position at = here();
            pos++;
            String gate = peekWord();
            if (gate == null) {
                throw expected("a gate name after `@` (since, unstable, deprecated)");
            }
            pos += gate.length();
            expect("(", "`(` after `@" + gate + "`");
            int depth = 1;
            while (depth > 0) {
                if (pos >= src.length()) {
                    throw error(at, "`@" + gate + "(` is not closed");
                }
                char c = src.charAt(pos++);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == '"') {
                    while (pos < src.length() && src.charAt(pos) != '"') {
                        pos++;
                    }
                    pos++;
                }
            }
        }
    }

    // ---- trivia

    private void skip() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else if (src.startsWith("//", pos)) {
                int end = src.indexOf('\n', pos);
                end = end < 0 ? src.length() : end;
                if (src.startsWith("///", pos) && !src.startsWith("////", pos)) {
                    String line = src.substring(pos + 3, end);
                    docs.append(docs.isEmpty() ? "" : "\n").append(line.startsWith(" ") ? line.substring(1) : line);
                }
                pos = end;
            } else if (src.startsWith("/*", pos)) {
                blockComment();
            } else {
                char ch = c;
                if (Character.isISOControl(ch) || (ch >= '\u202A' && ch <= '\u202E') || (ch >= '\u2066' && ch <= '\u2069')) {
                    throw error(here(), "a control or bidirectional-override character (U+"
                            + String.format("%04X", (int) ch) + ") is not allowed in WIT");
                }
                return;
            }
        }
    }

    private void blockComment() {
        Position at = here();
        int start = pos;
        boolean doc = src.startsWith("/**", pos) && !src.startsWith("/**/", pos);
        int depth = 0;
        while (true) {
            if (pos >= src.length()) {
                throw error(at, "the block comment is not closed (`*/` expected)");
            }
            if (src.startsWith("/*", pos)) {
                depth++;
                pos += 2;
            } else if (src.startsWith("*/", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    break;
                }
            } else {
                pos++;
            }
        }
        if (doc) {
            String body = src.substring(start + 3, pos - 2);
            StringBuilder cleaned = new StringBuilder();
            for (String line : body.strip().split("\n")) {
                String l = line.strip();
                if (l.startsWith("*")) {
                    l = l.substring(1).strip();
                }
                cleaned.append(cleaned.isEmpty() ? "" : "\n").append(l);
            }
            docs.append(docs.isEmpty() ? "" : "\n").append(cleaned);
        }
    }

    /** Drops doc comments before a closing brace (they document nothing), without reading further. */
    private void clearDocs() {
        docs.setLength(0);
    }

    private String takeDocs() {
        skip();
        String d = docs.toString();
        docs.setLength(0);
        return d;
    }

    private boolean atEnd() {
        skip();
        return pos >= src.length();
    }

    // ---- errors

    private Position here() {
        int line = java.util.Arrays.binarySearch(lineStarts, pos);
        if (line < 0) {
            line = -line - 2;
        }
        return new Position(file, line + 1, pos - lineStarts[line] + 1);
    }

    private WitException expected(String what) {
        skip();
        Position at = here();
        return error(at, "expected " + what + ", found " + describeHere(at));
    }

    private String describeHere(Position at) {
        if (pos >= src.length()) {
            return "the end of the file";
        }
        String word = peekWord();
        if (word != null) {
            return "`" + word + "`";
        }
        if (src.startsWith("->", pos)) {
            return "`->`";
        }
        return "`" + new String(Character.toChars(src.codePointAt(pos))) + "`";
    }

    private static WitException error(Position at, String message) {
        return new WitException(at, message);
    }
}
