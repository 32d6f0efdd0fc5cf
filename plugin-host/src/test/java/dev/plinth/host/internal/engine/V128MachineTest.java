package dev.plinth.host.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.OpCode;
import dev.plinth.testing.Wat;
import dev.plinth.wasm.simd.V128LocalOrder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plinth's SIMD interpreter against a reference: the WebAssembly Binary Toolkit's own interpreter
 * ({@code wasm-interp}, Debian's wabt, which the tests need anyway). A module made here runs every
 * one of Chicory's 236 SIMD opcodes on seeded random and edge-case inputs (NaN, infinities,
 * {@code -0}, lane extremes, shift counts past the lane width), each result read back lane by lane
 * as i64s (float NaNs made canonical, since their payload may differ); both interpreters must agree
 * on every one. Seeded, so a failure reproduces.
 */
class V128MachineTest {
    private static final int ROUNDS = 3;
    private static final Pattern RESULT = Pattern.compile("^(\\w+)\\(\\) => i(32|64):(\\d+)$");

    @TempDir
    Path tmp;

    private final Random random = new Random(20261201);
    private final StringBuilder functions = new StringBuilder();
    private final List<String> exports = new ArrayList<>();
    private final Set<String> instructionsUsed = new TreeSet<>();

    @Test
    void everySimdInstructionAgreesWithWabtsInterpreter() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            generateAll();
        }
        String wat = "(module\n  (memory (export \"memory\") 1)\n  (data (i32.const 0) \"" + dataBytes() + "\")\n"
                + functions + ")\n";
        byte[] wasm = Wat.assemble(wat);
        Map<String, Long> expected = reference(wasm);
        assertThat(expected).hasSize(exports.size());

        // as the engine runs such a module: with Chicory's v128 locals put right (V128LocalOrder)
        Instance instance = Instance.builder(Parser.parse(V128LocalOrder.rewrite(wasm)))
                .withMachineFactory(V128Machine::new).build();
        List<String> mismatches = new ArrayList<>();
        for (String export : exports) {
            long actual = instance.export(export).apply()[0];
            if (actual != expected.get(export)) {
                mismatches.add(export + ": expected 0x" + Long.toHexString(expected.get(export)) + ", got 0x"
                        + Long.toHexString(actual) + " for " + describe(wat, export));
            }
        }
        assertThat(mismatches).as("results that differ from wasm-interp's").isEmpty();
        assertThat(coverage()).as("SIMD opcodes no case exercised").isEmpty();
    }

    @Test
    void outOfBoundsLoadsAndStoresTrapWithoutWriting() {
        byte[] wasm = Wat.assemble("""
                (module
                  (memory (export "memory") 1)
                  (func (export "load") (result i64) (i64x2.extract_lane 0 (v128.load (i32.const 65530))))
                  (func (export "store") (result i64)
                    (v128.store (i32.const 65530) (v128.const i64x2 -1 -1))
                    (i64.const 0))
                  (func (export "lane") (result i64)
                    (i64x2.extract_lane 0 (v128.load64_lane offset=65535 1 (i32.const 8) (v128.const i64x2 0 0))))
                  (func (export "tail") (result i64) (i64.load (i32.const 65528))))
                """);
        Instance instance = Instance.builder(Parser.parse(wasm)).withMachineFactory(V128Machine::new).build();
        for (String export : List.of("load", "store", "lane")) {
            assertThatThrownBy(() -> instance.export(export).apply()).as(export)
                    .hasMessageContaining("out of bounds memory access");
        }
        assertThat(instance.export("tail").apply()[0]).as("the refused store wrote nothing").isZero();
    }

    // ---- the cases ----

    private void generateAll() {
        instructionsUsed.add("v128.const"); // every case's inputs
        String[] unaryInt = {"v128.not", "i8x16.abs", "i8x16.neg", "i8x16.popcnt", "i16x8.abs", "i16x8.neg",
            "i32x4.abs", "i32x4.neg", "i64x2.abs", "i64x2.neg", "i16x8.extend_low_i8x16_s", "i16x8.extend_high_i8x16_s",
            "i16x8.extend_low_i8x16_u", "i16x8.extend_high_i8x16_u", "i32x4.extend_low_i16x8_s",
            "i32x4.extend_high_i16x8_s", "i32x4.extend_low_i16x8_u", "i32x4.extend_high_i16x8_u",
            "i64x2.extend_low_i32x4_s", "i64x2.extend_high_i32x4_s", "i64x2.extend_low_i32x4_u",
            "i64x2.extend_high_i32x4_u", "i16x8.extadd_pairwise_i8x16_s", "i16x8.extadd_pairwise_i8x16_u",
            "i32x4.extadd_pairwise_i16x8_s", "i32x4.extadd_pairwise_i16x8_u", "i32x4.trunc_sat_f32x4_s",
            "i32x4.trunc_sat_f32x4_u", "i32x4.trunc_sat_f64x2_s_zero", "i32x4.trunc_sat_f64x2_u_zero"};
        for (String op : unaryInt) {
            vector(op, "(" + op + " " + v128() + ")", null);
        }
        for (String op : new String[] {"abs", "neg", "sqrt", "ceil", "floor", "trunc", "nearest"}) {
            vector("f32x4." + op, "(f32x4." + op + " " + v128() + ")", "f32x4");
            vector("f64x2." + op, "(f64x2." + op + " " + v128() + ")", "f64x2");
        }
        for (String op : new String[] {"f32x4.convert_i32x4_s", "f32x4.convert_i32x4_u", "f32x4.demote_f64x2_zero"}) {
            vector(op, "(" + op + " " + v128() + ")", "f32x4");
        }
        for (String op : new String[] {"f64x2.convert_low_i32x4_s", "f64x2.convert_low_i32x4_u",
            "f64x2.promote_low_f32x4"}) {
            vector(op, "(" + op + " " + v128() + ")", "f64x2");
        }
        List<String> binaryInt = new ArrayList<>(List.of("v128.and", "v128.andnot", "v128.or", "v128.xor",
                "i8x16.swizzle", "i8x16.narrow_i16x8_s", "i8x16.narrow_i16x8_u", "i16x8.narrow_i32x4_s",
                "i16x8.narrow_i32x4_u", "i16x8.mul", "i16x8.q15mulr_sat_s", "i32x4.mul", "i32x4.dot_i16x8_s",
                "i64x2.add", "i64x2.sub", "i64x2.mul"));
        for (String cmp : new String[] {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"}) {
            binaryInt.add("i8x16." + cmp);
            binaryInt.add("i16x8." + cmp);
            binaryInt.add("i32x4." + cmp);
        }
        for (String cmp : new String[] {"eq", "ne", "lt_s", "gt_s", "le_s", "ge_s"}) {
            binaryInt.add("i64x2." + cmp);
        }
        for (String cmp : new String[] {"eq", "ne", "lt", "gt", "le", "ge"}) {
            binaryInt.add("f32x4." + cmp);
            binaryInt.add("f64x2." + cmp);
        }
        for (String shape : new String[] {"i8x16", "i16x8"}) {
            for (String op : new String[] {"add", "add_sat_s", "add_sat_u", "sub", "sub_sat_s", "sub_sat_u", "min_s",
                "min_u", "max_s", "max_u", "avgr_u"}) {
                binaryInt.add(shape + "." + op);
            }
        }
        for (String op : new String[] {"add", "sub", "min_s", "min_u", "max_s", "max_u"}) {
            binaryInt.add("i32x4." + op);
        }
        for (String[] extmul : new String[][] {{"i16x8", "i8x16"}, {"i32x4", "i16x8"}, {"i64x2", "i32x4"}}) {
            for (String half : new String[] {"low", "high"}) {
                for (String sign : new String[] {"s", "u"}) {
                    binaryInt.add(extmul[0] + ".extmul_" + half + "_" + extmul[1] + "_" + sign);
                }
            }
        }
        for (String op : binaryInt) {
            vector(op, "(" + op + " " + v128() + " " + v128() + ")", null);
        }
        for (String op : new String[] {"add", "sub", "mul", "div", "min", "max", "pmin", "pmax"}) {
            vector("f32x4." + op, "(f32x4." + op + " " + v128() + " " + v128() + ")", "f32x4");
            vector("f64x2." + op, "(f64x2." + op + " " + v128() + " " + v128() + ")", "f64x2");
        }
        vector("v128.bitselect", "(v128.bitselect " + v128() + " " + v128() + " " + v128() + ")", null);
        for (String shape : new String[] {"i8x16", "i16x8", "i32x4", "i64x2"}) {
            for (String op : new String[] {"shl", "shr_s", "shr_u"}) {
                int count = random.nextInt(4) == 0 ? random.nextInt() : random.nextInt(70);
                vector(shape + "." + op, "(" + shape + "." + op + " " + v128() + " (i32.const " + count + "))", null);
            }
            scalar(shape + ".all_true", "(i64.extend_i32_u (" + shape + ".all_true " + v128WithZeroLanes() + "))");
            scalar(shape + ".bitmask", "(i64.extend_i32_u (" + shape + ".bitmask " + v128() + "))");
        }
        scalar("v128.any_true", "(i64.extend_i32_u (v128.any_true " + (random.nextBoolean() ? v128()
                : "(v128.const i64x2 0 0)") + "))");
        splatsLanesAndShuffles();
        memory();
    }

    private void splatsLanesAndShuffles() {
        vector("i8x16.splat", "(i8x16.splat (i32.const " + random.nextInt() + "))", null);
        vector("i16x8.splat", "(i16x8.splat (i32.const " + random.nextInt() + "))", null);
        vector("i32x4.splat", "(i32x4.splat (i32.const " + random.nextInt() + "))", null);
        vector("i64x2.splat", "(i64x2.splat (i64.const " + random.nextLong() + "))", null);
        vector("f32x4.splat", "(f32x4.splat (f32.reinterpret_i32 (i32.const " + floatBits() + ")))", "f32x4");
        vector("f64x2.splat", "(f64x2.splat (f64.reinterpret_i64 (i64.const " + doubleBits() + ")))", "f64x2");
        String[][] shapes = {{"i8x16", "16", "i32"}, {"i16x8", "8", "i32"}, {"i32x4", "4", "i32"},
            {"i64x2", "2", "i64"}, {"f32x4", "4", "f32"}, {"f64x2", "2", "f64"}};
        for (String[] shape : shapes) {
            int lane = random.nextInt(Integer.parseInt(shape[1]));
            String extract = shape[0] + ".extract_lane";
            String value = switch (shape[2]) {
                case "i32" -> "(i32.const " + random.nextInt() + ")";
                case "i64" -> "(i64.const " + random.nextLong() + ")";
                case "f32" -> "(f32.reinterpret_i32 (i32.const " + floatBits() + "))";
                default -> "(f64.reinterpret_i64 (i64.const " + doubleBits() + "))";
            };
            if (shape[0].startsWith("i8") || shape[0].startsWith("i16")) {
                scalar(extract + "_s", "(i64.extend_i32_s (" + extract + "_s " + lane + " " + v128() + "))");
                scalar(extract + "_u", "(i64.extend_i32_u (" + extract + "_u " + lane + " " + v128() + "))");
            } else {
                String read = "(" + extract + " " + lane + " " + v128() + ")";
                scalar(extract, switch (shape[2]) {
                    case "i32" -> "(i64.extend_i32_u " + read + ")";
                    case "i64" -> read;
                    case "f32" -> "(i64.extend_i32_u (i32.reinterpret_f32 " + read + "))";
                    default -> "(i64.reinterpret_f64 " + read + ")";
                });
            }
            vector(shape[0] + ".replace_lane", "(" + shape[0] + ".replace_lane " + lane + " " + v128() + " " + value
                    + ")", null);
        }
        StringBuilder lanes = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            lanes.append(' ').append(random.nextInt(32));
        }
        vector("i8x16.shuffle", "(i8x16.shuffle" + lanes + " " + v128() + " " + v128() + ")", null);
    }

    private void memory() {
        int at = random.nextInt(40);
        String[] loads = {"v128.load", "v128.load8x8_s", "v128.load8x8_u", "v128.load16x4_s", "v128.load16x4_u",
            "v128.load32x2_s", "v128.load32x2_u", "v128.load8_splat", "v128.load16_splat", "v128.load32_splat",
            "v128.load64_splat", "v128.load32_zero", "v128.load64_zero"};
        for (String load : loads) {
            int offset = random.nextInt(8);
            vector(load, "(" + load + " offset=" + offset + " (i32.const " + at + "))", null);
        }
        String[][] lanes = {{"8", "16"}, {"16", "8"}, {"32", "4"}, {"64", "2"}};
        for (String[] lane : lanes) {
            int index = random.nextInt(Integer.parseInt(lane[1]));
            vector("v128.load" + lane[0] + "_lane", "(v128.load" + lane[0] + "_lane offset=3 " + index + " (i32.const "
                    + at + ") " + v128() + ")", null);
            // store the lane at 200 over a zeroed 16 bytes, then read those 16 bytes back
            String store = "(v128.store (i32.const 200) (v128.const i64x2 0 0)) (v128.store" + lane[0]
                    + "_lane offset=4 " + index + " (i32.const 196) " + v128() + ")";
            stored("v128.store" + lane[0] + "_lane", store);
        }
        stored("v128.store", "(v128.store offset=8 (i32.const 192) " + v128() + ")");
    }

    /** A case whose result is a vector: two exports, lanes 0 and 1 as i64; float lanes' NaNs made canonical. */
    private void vector(String instruction, String expression, String floatShape) {
        instructionsUsed.add(instruction);
        String result = floatShape == null ? "(local.get $r)" : canonical(floatShape);
        for (int half = 0; half < 2; half++) {
            String name = "c" + exports.size();
            functions.append("  (func (export \"").append(name).append("\") (result i64) (local $r v128) ;; ")
                    .append(instruction).append("\n    (local.set $r ").append(expression).append(")\n")
                    .append("    (i64x2.extract_lane ").append(half).append(' ').append(result).append("))\n");
            exports.add(name);
        }
    }

    /** A case whose result is one scalar, widened to i64. */
    private void scalar(String instruction, String expression) {
        instructionsUsed.add(instruction.replaceFirst(" .*", ""));
        String name = "c" + exports.size();
        functions.append("  (func (export \"").append(name).append("\") (result i64) ;; ").append(instruction)
                .append("\n    ").append(expression).append(")\n");
        exports.add(name);
    }

    /** A case that stores at 192-216 and reads memory back. */
    private void stored(String instruction, String statements) {
        instructionsUsed.add(instruction);
        for (int word = 0; word < 3; word++) {
            String name = "c" + exports.size();
            functions.append("  (func (export \"").append(name).append("\") (result i64) ;; ").append(instruction)
                    .append("\n    ").append(statements).append("\n    (i64.load (i32.const ")
                    .append(192 + 8 * word).append(")))\n");
            exports.add(name);
        }
    }

    private static String canonical(String shape) {
        String nan = shape.equals("f32x4") ? "(v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000)"
                : "(v128.const i64x2 0x7ff8000000000000 0x7ff8000000000000)";
        return "(v128.bitselect (local.get $r) " + nan + " (" + shape + ".eq (local.get $r) (local.get $r)))";
    }

    // ---- inputs ----

    private static final int[] EDGE_INTS = {0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, Integer.MAX_VALUE,
        Integer.MIN_VALUE, 0x7fc00000, 0xff800000, 0x7f800000, 0x80000000, 0x3f000000, 0xbfc00000, 0x4f800000,
        0xcf000000, 0x4f000000, 0x5f000000};
    private static final long[] EDGE_DOUBLES = {0, Long.MIN_VALUE, Double.doubleToRawLongBits(Double.NaN),
        0x7ff4000000000001L, Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
        Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY), Double.doubleToRawLongBits(0.5),
        Double.doubleToRawLongBits(-1.5), Double.doubleToRawLongBits(2.5), Double.doubleToRawLongBits(4294967295.9),
        Double.doubleToRawLongBits(-2147483648.7), Double.doubleToRawLongBits(1e300), Double.doubleToRawLongBits(3.4e38),
        Double.doubleToRawLongBits(1e-310), -1L, 1L};

    /** A v128 constant: random bytes, or lanes of edge cases of one shape. */
    private String v128() {
        return switch (random.nextInt(4)) {
            case 0 -> "(v128.const i64x2 " + random.nextLong() + " " + random.nextLong() + ")";
            case 1 -> {
                StringBuilder lanes = new StringBuilder("(v128.const i32x4");
                for (int i = 0; i < 4; i++) {
                    lanes.append(' ').append(random.nextInt(3) == 0 ? random.nextInt() : EDGE_INTS[random.nextInt(
                            EDGE_INTS.length)]);
                }
                yield lanes.append(')').toString();
            }
            case 2 -> {
                StringBuilder lanes = new StringBuilder("(v128.const i16x8");
                for (int i = 0; i < 8; i++) {
                    int value = EDGE_INTS[random.nextInt(EDGE_INTS.length)];
                    lanes.append(' ').append(random.nextBoolean() ? (short) value : (short) random.nextInt());
                }
                yield lanes.append(')').toString();
            }
            default -> "(v128.const i64x2 " + EDGE_DOUBLES[random.nextInt(EDGE_DOUBLES.length)] + " "
                    + EDGE_DOUBLES[random.nextInt(EDGE_DOUBLES.length)] + ")";
        };
    }

    /** A v128 some of whose lanes are zero, so that {@code all_true} is false as often as true. */
    private String v128WithZeroLanes() {
        StringBuilder lanes = new StringBuilder("(v128.const i8x16");
        for (int i = 0; i < 16; i++) {
            lanes.append(' ').append(random.nextInt(24) == 0 ? 0 : 1 + random.nextInt(255));
        }
        return lanes.append(')').toString();
    }

    private int floatBits() {
        return random.nextBoolean() ? EDGE_INTS[random.nextInt(EDGE_INTS.length)] : random.nextInt();
    }

    private long doubleBits() {
        return random.nextBoolean() ? EDGE_DOUBLES[random.nextInt(EDGE_DOUBLES.length)] : random.nextLong();
    }

    private String dataBytes() {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            data.append(String.format("\\%02x", random.nextInt(256)));
        }
        return data.toString();
    }

    // ---- the reference and the report ----

    private Map<String, Long> reference(byte[] wasm) throws IOException, InterruptedException {
        Path file = Files.write(tmp.resolve("simd.wasm"), wasm);
        Process process = new ProcessBuilder("wasm-interp", file.toString(), "--run-all-exports")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("wasm-interp finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        Map<String, Long> results = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            Matcher m = RESULT.matcher(line.strip());
            if (m.matches()) {
                results.put(m.group(1), Long.parseUnsignedLong(m.group(3)));
            }
        }
        return results;
    }

    private static String describe(String wat, String export) {
        int at = wat.indexOf("\"" + export + "\"");
        int end = wat.indexOf("\n  (func", at);
        return wat.substring(at, end < 0 ? wat.length() : end).replaceAll("\\s+", " ");
    }

    /** The SIMD opcodes of Chicory's parser that no case used. */
    private Set<String> coverage() {
        Set<String> missing = new TreeSet<>();
        for (OpCode opcode : OpCode.values()) {
            if (opcode.opcode() >>> 8 != 0xFD) {
                continue;
            }
            String text = textName(opcode);
            if (!instructionsUsed.contains(text)) {
                missing.add(opcode + " (" + text + ")");
            }
        }
        return missing;
    }

    /** Chicory's enum name as the text format writes it: {@code I32x4_TRUNC_SAT_F32X4_S} is {@code i32x4.trunc_sat_f32x4_s}. */
    private static String textName(OpCode opcode) {
        if (opcode == OpCode.F32x4_DEMOTE_LOW_F64x2_ZERO) {
            return "f32x4.demote_f64x2_zero"; // the only enum name that is not the text name
        }
        String name = opcode.name().toLowerCase(Locale.ROOT);
        int dot = name.indexOf('_');
        return name.substring(0, dot) + "." + name.substring(dot + 1);
    }
}
