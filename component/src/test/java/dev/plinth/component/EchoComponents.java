package dev.plinth.component;

import dev.plinth.testing.ComponentWat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Components assembled from WAT for the round-trip tests. Every type gets an echo export: scalars through
 * the flat path ({@code (param i32) (result i32)}); everything else as {@code func(x: T, pad: tuple<u32 x16>) -> T},
 * whose 17+ flat parameters spill to a realloc'd tuple in memory, and whose result spills too: the core function
 * returns the parameter pointer, so T is lowered by the host into memory and lifted back from the same bytes.
 */
final class EchoComponents {
    /** Core module shared by all fixtures: bump realloc, echoes, post-return counter. */
    static final String CORE = """
            (core module $m
              (memory (export "mem") 16)
              (global $next (mut i32) (i32.const 1024))
              (global $posts (mut i32) (i32.const 0))
              (func (export "realloc") (param i32 i32 i32 i32) (result i32)
                (local $p i32)
                global.get $next
                local.get 2 i32.const 1 i32.sub i32.add
                i32.const 0 local.get 2 i32.sub i32.and
                local.tee $p
                local.get 3 i32.add
                global.set $next
                local.get $p)
              (func (export "echo-ptr") (param i32) (result i32) local.get 0)
              (func (export "echo-i32") (param i32) (result i32) local.get 0)
              (func (export "echo-i64") (param i64) (result i64) local.get 0)
              (func (export "echo-f32") (param f32) (result f32) local.get 0)
              (func (export "echo-f64") (param f64) (result f64) local.get 0)
              (func (export "post") (param i32) global.get $posts i32.const 1 i32.add global.set $posts)
              (func (export "posts") (result i32) global.get $posts)
              (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
              (func (export "variant-bits") (param i32 i64) (result i64) local.get 1)
            )
            (core instance $i (instantiate $m))
            (alias core export $i "mem" (core memory $mem))
            (alias core export $i "realloc" (core func $realloc))
            (alias core export $i "post" (core func $post))
            """;

    /** Scalar types by their core echo function. */
    static final Map<String, String> SCALARS = new LinkedHashMap<>();
    /** Types that spill, by a name for the export; the value is the WAT type definition. */
    static final Map<String, String> SPILLED = new LinkedHashMap<>();

    static {
        for (String t : List.of("bool", "s8", "u8", "s16", "u16", "s32", "u32", "char")) {
            SCALARS.put(t, "echo-i32");
        }
        SCALARS.put("s64", "echo-i64");
        SCALARS.put("u64", "echo-i64");
        SCALARS.put("f32", "echo-f32");
        SCALARS.put("f64", "echo-f64");
        SCALARS.put("enum", "echo-i32");
        SCALARS.put("flags", "echo-i32");
        SCALARS.put("flags16", "echo-i32");
        SCALARS.put("flags32", "echo-i32");
        SCALARS.put("result-empty", "echo-i32");
        SPILLED.put("string", "string");
        SPILLED.put("list", "(list u16)");
        SPILLED.put("bytes", "(list u8)");
        SPILLED.put("list-string", "(list string)");
        SPILLED.put("record", "(record (field \"id\" u8) (field \"name\" string) (field \"score\" f64) (field \"tags\" (list string)))");
        SPILLED.put("tuple", "(tuple u8 s64 char f32)");
        SPILLED.put("variant", "(variant (case \"none\") (case \"small\" u8) (case \"text\" string) (case \"big\" u64) (case \"real\" f32))");
        SPILLED.put("option", "(option u32)");
        SPILLED.put("option-string", "(option string)");
        SPILLED.put("result", "(result string (error u32))");
        SPILLED.put("nested", "(list (tuple (option string) (result u8) (list (variant (case \"a\" f64) (case \"b\" s16)))))");
    }

    private EchoComponents() {
    }

    static String scalarType(String name) {
        return switch (name) {
            case "enum" -> "(enum \"red\" \"green\" \"blue\")";
            case "flags" -> "(flags \"read\" \"write\" \"exec\")";
            case "flags16" -> "(flags " + names(12) + ")";
            case "flags32" -> "(flags " + names(32) + ")";
            case "result-empty" -> "(result)";
            default -> name;
        };
    }

    static String names(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(" \"f").append(i).append('"');
        }
        return out.toString().trim();
    }

    /** The echo component with {@code encoding} (utf8, utf16, latin1+utf16). */
    static byte[] echo(String encoding) {
        StringBuilder wat = new StringBuilder("(component\n").append(CORE);
        wat.append("(type $pad (tuple").append(" u32".repeat(16)).append("))\n");
        for (Map.Entry<String, String> s : SCALARS.entrySet()) {
            String type = "$t-" + s.getKey();
            wat.append("(type ").append(type).append(' ').append(scalarType(s.getKey())).append(")\n");
            wat.append("(func $echo-").append(s.getKey()).append(" (param \"x\" ").append(type).append(") (result ")
                    .append(type).append(") (canon lift (core func $i \"").append(s.getValue()).append("\")))\n");
            wat.append("(export \"echo-").append(s.getKey()).append("\" (func $echo-").append(s.getKey()).append("))\n");
        }
        for (Map.Entry<String, String> s : SPILLED.entrySet()) {
            String type = "$t-" + s.getKey();
            wat.append("(type ").append(type).append(' ').append(s.getValue()).append(")\n");
            wat.append("(func $echo-").append(s.getKey()).append(" (param \"x\" ").append(type)
                    .append(") (param \"pad\" $pad) (result ").append(type)
                    .append(") (canon lift (core func $i \"echo-ptr\") (memory $mem) (realloc $realloc) string-encoding=")
                    .append(encoding).append(" (post-return $post)))\n");
            wat.append("(export \"echo-").append(s.getKey()).append("\" (func $echo-").append(s.getKey()).append("))\n");
        }
        wat.append("""
                (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
                (export "add" (func $add))
                (func $posts (result u32) (canon lift (core func $i "posts")))
                (export "posts" (func $posts))
                (type $v (variant (case "a" f32) (case "b" u64)))
                (func $variant-bits (param "v" $v) (result u64) (canon lift (core func $i "variant-bits")))
                (export "variant-bits" (func $variant-bits))
                )
                """);
        return ComponentWat.assemble(wat.toString());
    }
}
