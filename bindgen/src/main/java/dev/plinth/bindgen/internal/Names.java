package dev.plinth.bindgen.internal;

import java.util.Locale;
import java.util.Set;

/** WIT's kebab-case names as Java names: {@code get-metadata} → {@code getMetadata}, {@code HDR-output} → {@code HdrOutput}. */
public final class Names {
    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "var", "yield", "record", "sealed", "permits",
            "non-sealed", "_");
    /** Members of Object (and records) a record component or method must not be named. */
    private static final Set<String> OBJECT_MEMBERS = Set.of("hashCode", "toString", "equals", "getClass", "notify",
            "notifyAll", "wait", "clone", "finalize");
    /** The types the generated code names unqualified (java.lang's, the imported binding types): a WIT type must not shadow them. */
    private static final Set<String> JAVA_LANG = Set.of("String", "Object", "Boolean", "Byte", "Short", "Integer",
            "Long", "Float", "Double", "Void", "Character", "Override", "Deprecated", "SuppressWarnings",
            "Resource", "Result", "Tuple", "Wit");

    private Names() {
    }

    /** {@code request-id} → {@code requestId}; Java keywords and Object's members get a trailing {@code _}. */
    public static String camel(String kebab) {
        String pascal = pascal(kebab);
        String camel = Character.toLowerCase(pascal.charAt(0)) + pascal.substring(1);
        return KEYWORDS.contains(camel) || OBJECT_MEMBERS.contains(camel) ? camel + "_" : camel;
    }

    /** {@code input-stream} → {@code InputStream}; each word capitalized, the rest lower case. */
    public static String pascal(String kebab) {
        StringBuilder out = new StringBuilder();
        for (String word : kebab.split("-")) {
            if (!word.isEmpty()) {
                out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        return out.toString();
    }

    /** A type name: {@link #pascal}, with a trailing {@code _} if it would shadow a java.lang type the code uses. */
    public static String type(String kebab) {
        String name = pascal(kebab);
        return JAVA_LANG.contains(name) ? name + "_" : name;
    }

    /** {@code marvel-superhero} → {@code MARVEL_SUPERHERO}. */
    public static String constant(String kebab) {
        return kebab.replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
