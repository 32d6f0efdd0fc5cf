package dev.plinth.host.internal.engine;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.Instruction;
import java.util.Deque;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * Chicory's interpreter with the fixed-width SIMD instructions ({@code v128}, the 236 of the
 * SIMD proposal as Chicory 1.7.5 parses them, without the relaxed ones), in plain Java:
 * Chicory's own interpreter has none (its SIMD module needs Java 21 and the incubating Vector
 * API), and its compiler refuses them. Everything else is the interpreter's; so a module that
 * runs here is metered like any interpreted module, so that its deadline and fuel hold.
 *
 * <p>Lane semantics follow the SIMD specification: integer arithmetic wraps, {@code _sat}
 * saturates, shifts take the count modulo the lane width, float {@code min}/{@code max}
 * propagate NaN and order {@code -0 < +0}, {@code pmin}/{@code pmax} are {@code b < a ? b : a}
 * and {@code a < b ? b : a}, {@code trunc_sat} saturates and maps NaN to 0, {@code abs} and
 * {@code neg} of floats only touch the sign bit.
 */
public final class V128Machine extends InterpreterMachine {
    private static final int PREFIX = 0xFD;

    public V128Machine(Instance instance) {
        super(instance);
    }

    @Override
    protected void evalDefault(MStack stack, Instance instance, Deque<StackFrame> callStack, Instruction instruction,
            Operands operands) throws ChicoryException {
        int opcode = instruction.opcode().opcode();
        if (opcode >>> 8 != PREFIX) {
            super.evalDefault(stack, instance, callStack, instruction, operands);
            return;
        }
        int sub = opcode & 0xFF;
        if (!memory(sub, stack, instance, operands) && !lanes(sub, stack, operands) && !arithmetic(sub, stack)) {
            super.evalDefault(stack, instance, callStack, instruction, operands);
        }
    }

    // ---- memory: 0x00-0x0b, 0x54-0x5d ----

    private static boolean memory(int sub, MStack stack, Instance instance, Operands operands) {
        switch (sub) {
            case 0x00 -> {
                int at = readMemPtr(stack, operands);
                Memory memory = memoryOf(instance, operands);
                new V128(memory.readLong(at), memory.readLong(at + 8)).push(stack);
            }
            case 0x01, 0x02, 0x03, 0x04, 0x05, 0x06 -> loadExtend(sub, stack, instance, operands);
            case 0x07 -> splat8((int) memoryOf(instance, operands).read(readMemPtr(stack, operands))).push(stack);
            case 0x08 -> splat16(memoryOf(instance, operands).readShort(readMemPtr(stack, operands))).push(stack);
            case 0x09 -> splat32(memoryOf(instance, operands).readInt(readMemPtr(stack, operands))).push(stack);
            case 0x0a -> {
                long value = memoryOf(instance, operands).readLong(readMemPtr(stack, operands));
                new V128(value, value).push(stack);
            }
            case 0x0b -> {
                V128 value = V128.pop(stack);
                int at = readMemPtr(stack, operands);
                Memory memory = memoryOf(instance, operands);
                memory.readLong(at + 8); // the whole range must be inside memory before anything is written
                memory.writeLong(at, value.lo());
                memory.writeLong(at + 8, value.hi());
            }
            case 0x54, 0x55, 0x56, 0x57 -> loadLane(sub - 0x54, stack, instance, operands);
            case 0x58, 0x59, 0x5a, 0x5b -> storeLane(sub - 0x58, stack, instance, operands);
            case 0x5c -> new V128(memoryOf(instance, operands).readInt(readMemPtr(stack, operands)) & 0xFFFFFFFFL, 0)
                    .push(stack);
            case 0x5d -> new V128(memoryOf(instance, operands).readLong(readMemPtr(stack, operands)), 0).push(stack);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static Memory memoryOf(Instance instance, Operands operands) {
        return instance.memory((int) operands.get(2));
    }

    /** {@code v128.load8x8_s/u}, {@code load16x4_s/u}, {@code load32x2_s/u}: 64 bits widened lane by lane. */
    private static void loadExtend(int sub, MStack stack, Instance instance, Operands operands) {
        long bits = memoryOf(instance, operands).readLong(readMemPtr(stack, operands));
        boolean signed = sub % 2 == 1;
        V128 narrow = new V128(bits, 0);
        switch (sub) {
            case 0x01, 0x02 -> V128.ofI16(extend(narrow.i8(), 0, 8, signed, 0xFF)).push(stack);
            case 0x03, 0x04 -> V128.ofI32(extend(narrow.i16(), 0, 4, signed, 0xFFFF)).push(stack);
            default -> V128.ofI64(extend64(narrow.i32(), 0, signed)).push(stack);
        }
    }

    /** {@code v128.load8/16/32/64_lane}: one lane ({@code size} 0 to 3: 8 to 64 bits) replaced from memory. */
    private static void loadLane(int size, MStack stack, Instance instance, Operands operands) {
        V128 value = V128.pop(stack);
        int at = readMemPtr(stack, operands);
        Memory memory = memoryOf(instance, operands);
        int lane = (int) operands.get(3);
        switch (size) {
            case 0 -> {
                int[] lanes = value.i8();
                lanes[lane] = memory.read(at);
                V128.ofI8(lanes).push(stack);
            }
            case 1 -> {
                int[] lanes = value.i16();
                lanes[lane] = memory.readShort(at);
                V128.ofI16(lanes).push(stack);
            }
            case 2 -> {
                int[] lanes = value.i32();
                lanes[lane] = memory.readInt(at);
                V128.ofI32(lanes).push(stack);
            }
            default -> {
                long[] lanes = value.i64();
                lanes[lane] = memory.readLong(at);
                V128.ofI64(lanes).push(stack);
            }
        }
    }

    private static void storeLane(int size, MStack stack, Instance instance, Operands operands) {
        V128 value = V128.pop(stack);
        int at = readMemPtr(stack, operands);
        Memory memory = memoryOf(instance, operands);
        int lane = (int) operands.get(3);
        switch (size) {
            case 0 -> memory.writeByte(at, (byte) value.i8()[lane]);
            case 1 -> memory.writeShort(at, (short) value.i16()[lane]);
            case 2 -> memory.writeI32(at, value.i32()[lane]);
            default -> memory.writeLong(at, value.i64()[lane]);
        }
    }

    // ---- constants, shuffles, splats, lanes: 0x0c-0x22 ----

    private static boolean lanes(int sub, MStack stack, Operands operands) {
        switch (sub) {
            case 0x0c -> immediate(operands).push(stack);
            case 0x0d -> {
                int[] select = immediate(operands).i8();
                V128 b = V128.pop(stack);
                V128 a = V128.pop(stack);
                int[] both = concat(a.i8(), b.i8());
                int[] out = new int[16];
                for (int i = 0; i < 16; i++) {
                    out[i] = both[select[i] & 31];
                }
                V128.ofI8(out).push(stack);
            }
            case 0x0e -> {
                int[] select = V128.pop(stack).i8();
                int[] a = V128.pop(stack).i8();
                int[] out = new int[16];
                for (int i = 0; i < 16; i++) {
                    int s = select[i] & 0xFF;
                    out[i] = s < 16 ? a[s] : 0;
                }
                V128.ofI8(out).push(stack);
            }
            case 0x0f -> splat8((int) stack.pop()).push(stack);
            case 0x10 -> splat16((int) stack.pop()).push(stack);
            case 0x11, 0x13 -> splat32((int) stack.pop()).push(stack);
            case 0x12, 0x14 -> {
                long value = stack.pop();
                new V128(value, value).push(stack);
            }
            case 0x15 -> stack.push(V128.pop(stack).i8()[lane(operands)]);
            case 0x16 -> stack.push(V128.pop(stack).i8()[lane(operands)] & 0xFF);
            case 0x17 -> {
                int value = (int) stack.pop();
                int[] lanes = V128.pop(stack).i8();
                lanes[lane(operands)] = value;
                V128.ofI8(lanes).push(stack);
            }
            case 0x18 -> stack.push(V128.pop(stack).i16()[lane(operands)]);
            case 0x19 -> stack.push(V128.pop(stack).i16()[lane(operands)] & 0xFFFF);
            case 0x1a -> {
                int value = (int) stack.pop();
                int[] lanes = V128.pop(stack).i16();
                lanes[lane(operands)] = value;
                V128.ofI16(lanes).push(stack);
            }
            case 0x1b, 0x1f -> stack.push(V128.pop(stack).i32()[lane(operands)]);
            case 0x1c, 0x20 -> {
                int value = (int) stack.pop();
                int[] lanes = V128.pop(stack).i32();
                lanes[lane(operands)] = value;
                V128.ofI32(lanes).push(stack);
            }
            case 0x1d, 0x21 -> stack.push(V128.pop(stack).i64()[lane(operands)]);
            case 0x1e, 0x22 -> {
                long value = stack.pop();
                long[] lanes = V128.pop(stack).i64();
                lanes[lane(operands)] = value;
                V128.ofI64(lanes).push(stack);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The 16 bytes of {@code v128.const} and {@code i8x16.shuffle}: low half first. */
    private static V128 immediate(Operands operands) {
        return new V128(operands.get(0), operands.get(1));
    }

    private static int lane(Operands operands) {
        return (int) operands.get(0);
    }

    private static V128 splat8(int value) {
        int[] lanes = new int[16];
        java.util.Arrays.fill(lanes, value);
        return V128.ofI8(lanes);
    }

    private static V128 splat16(int value) {
        int[] lanes = new int[8];
        java.util.Arrays.fill(lanes, value);
        return V128.ofI16(lanes);
    }

    private static V128 splat32(int value) {
        return V128.ofI32(new int[] {value, value, value, value});
    }

    // ---- everything that only takes and gives values ----

    private static boolean arithmetic(int sub, MStack stack) {
        if (sub >= 0x23 && sub <= 0x4c) {
            compare(sub, stack);
            return true;
        }
        if (bitwise(sub, stack) || integer8(sub, stack) || integer16(sub, stack) || integer32(sub, stack)
                || integer64(sub, stack) || floats(sub, stack) || conversions(sub, stack)) {
            return true;
        }
        return false;
    }

    /** 0x23-0x4c: lanes of all ones where the comparison holds, zeros elsewhere. */
    private static void compare(int sub, MStack stack) {
        V128 b = V128.pop(stack);
        V128 a = V128.pop(stack);
        if (sub <= 0x2c) {
            V128.ofI8(zip(a.i8(), b.i8(), intComparison(sub - 0x23, 0xFF))).push(stack);
        } else if (sub <= 0x36) {
            V128.ofI16(zip(a.i16(), b.i16(), intComparison(sub - 0x2d, 0xFFFF))).push(stack);
        } else if (sub <= 0x40) {
            V128.ofI32(zip(a.i32(), b.i32(), intComparison(sub - 0x37, -1))).push(stack);
        } else if (sub <= 0x46) {
            float[] x = a.f32();
            float[] y = b.f32();
            int[] out = new int[4];
            for (int i = 0; i < 4; i++) {
                out[i] = floatComparison(sub - 0x41, x[i], y[i]) ? -1 : 0;
            }
            V128.ofI32(out).push(stack);
        } else {
            double[] x = a.f64();
            double[] y = b.f64();
            long[] out = new long[2];
            for (int i = 0; i < 2; i++) {
                out[i] = floatComparison(sub - 0x47, x[i], y[i]) ? -1 : 0;
            }
            V128.ofI64(out).push(stack);
        }
    }

    /** eq, ne, lt_s, lt_u, gt_s, gt_u, le_s, le_u, ge_s, ge_u; {@code mask} makes a lane unsigned (-1: 32 bits). */
    private static IntBinaryOperator intComparison(int which, int mask) {
        return (x, y) -> {
            long ux = mask == -1 ? x & 0xFFFFFFFFL : x & mask;
            long uy = mask == -1 ? y & 0xFFFFFFFFL : y & mask;
            boolean holds = switch (which) {
                case 0 -> x == y;
                case 1 -> x != y;
                case 2 -> x < y;
                case 3 -> ux < uy;
                case 4 -> x > y;
                case 5 -> ux > uy;
                case 6 -> x <= y;
                case 7 -> ux <= uy;
                case 8 -> x >= y;
                default -> ux >= uy;
            };
            return holds ? -1 : 0;
        };
    }

    /** eq, ne, lt, gt, le, ge; NaN compares unequal to everything. */
    private static boolean floatComparison(int which, double x, double y) {
        return switch (which) {
            case 0 -> x == y;
            case 1 -> x != y;
            case 2 -> x < y;
            case 3 -> x > y;
            case 4 -> x <= y;
            default -> x >= y;
        };
    }

    private static boolean bitwise(int sub, MStack stack) {
        switch (sub) {
            case 0x4d -> {
                V128 a = V128.pop(stack);
                new V128(~a.lo(), ~a.hi()).push(stack);
            }
            case 0x4e, 0x4f, 0x50, 0x51 -> {
                V128 b = V128.pop(stack);
                V128 a = V128.pop(stack);
                LongBinaryOperator op = switch (sub) {
                    case 0x4e -> (x, y) -> x & y;
                    case 0x4f -> (x, y) -> x & ~y;
                    case 0x50 -> (x, y) -> x | y;
                    default -> (x, y) -> x ^ y;
                };
                new V128(op.applyAsLong(a.lo(), b.lo()), op.applyAsLong(a.hi(), b.hi())).push(stack);
            }
            case 0x52 -> {
                V128 c = V128.pop(stack);
                V128 b = V128.pop(stack);
                V128 a = V128.pop(stack);
                new V128((a.lo() & c.lo()) | (b.lo() & ~c.lo()), (a.hi() & c.hi()) | (b.hi() & ~c.hi())).push(stack);
            }
            case 0x53 -> {
                V128 a = V128.pop(stack);
                stack.push((a.lo() | a.hi()) != 0 ? 1 : 0);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** i8x16 lanes: 0x60-0x66, 0x6b-0x73, 0x76-0x79, 0x7b. */
    private static boolean integer8(int sub, MStack stack) {
        switch (sub) {
            case 0x60 -> V128.ofI8(map(V128.pop(stack).i8(), x -> Math.abs(x))).push(stack);
            case 0x61 -> V128.ofI8(map(V128.pop(stack).i8(), x -> -x)).push(stack);
            case 0x62 -> V128.ofI8(map(V128.pop(stack).i8(), x -> Integer.bitCount(x & 0xFF))).push(stack);
            case 0x63 -> stack.push(allTrue(V128.pop(stack).i8()));
            case 0x64 -> stack.push(bitmask(V128.pop(stack).i8()));
            case 0x65, 0x66 -> {
                int[] b = V128.pop(stack).i16();
                int[] a = V128.pop(stack).i16();
                int low = sub == 0x65 ? Byte.MIN_VALUE : 0;
                int high = sub == 0x65 ? Byte.MAX_VALUE : 0xFF;
                V128.ofI8(map(concat(a, b), x -> Math.max(low, Math.min(high, x)))).push(stack);
            }
            case 0x6b, 0x6c, 0x6d -> shift(sub - 0x6b, 8, stack);
            case 0x6e -> binary8(stack, Integer::sum);
            case 0x6f -> binary8(stack, (x, y) -> saturate(x + y, Byte.MIN_VALUE, Byte.MAX_VALUE));
            case 0x70 -> binary8(stack, (x, y) -> saturate((x & 0xFF) + (y & 0xFF), 0, 0xFF));
            case 0x71 -> binary8(stack, (x, y) -> x - y);
            case 0x72 -> binary8(stack, (x, y) -> saturate(x - y, Byte.MIN_VALUE, Byte.MAX_VALUE));
            case 0x73 -> binary8(stack, (x, y) -> saturate((x & 0xFF) - (y & 0xFF), 0, 0xFF));
            case 0x76 -> binary8(stack, Math::min);
            case 0x77 -> binary8(stack, (x, y) -> Math.min(x & 0xFF, y & 0xFF));
            case 0x78 -> binary8(stack, Math::max);
            case 0x79 -> binary8(stack, (x, y) -> Math.max(x & 0xFF, y & 0xFF));
            case 0x7b -> binary8(stack, (x, y) -> ((x & 0xFF) + (y & 0xFF) + 1) >>> 1);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** i16x8 lanes: 0x7c, 0x7d, 0x80-0x93, 0x95-0x99, 0x9b-0x9f. */
    private static boolean integer16(int sub, MStack stack) {
        switch (sub) {
            case 0x7c, 0x7d -> V128.ofI16(pairwise(V128.pop(stack).i8(), sub == 0x7c, 0xFF)).push(stack);
            case 0x80 -> V128.ofI16(map(V128.pop(stack).i16(), x -> Math.abs(x))).push(stack);
            case 0x81 -> V128.ofI16(map(V128.pop(stack).i16(), x -> -x)).push(stack);
            case 0x82 -> binary16(stack, (x, y) -> saturate((x * y + 0x4000) >> 15, Short.MIN_VALUE, Short.MAX_VALUE));
            case 0x83 -> stack.push(allTrue(V128.pop(stack).i16()));
            case 0x84 -> stack.push(bitmask(V128.pop(stack).i16()));
            case 0x85, 0x86 -> {
                int[] b = V128.pop(stack).i32();
                int[] a = V128.pop(stack).i32();
                int low = sub == 0x85 ? Short.MIN_VALUE : 0;
                int high = sub == 0x85 ? Short.MAX_VALUE : 0xFFFF;
                V128.ofI16(map(concat(a, b), x -> Math.max(low, Math.min(high, x)))).push(stack);
            }
            case 0x87, 0x88, 0x89, 0x8a -> {
                int[] a = V128.pop(stack).i8();
                V128.ofI16(extend(a, sub % 2 == 1 ? 0 : 8, 8, sub <= 0x88, 0xFF)).push(stack);
            }
            case 0x8b, 0x8c, 0x8d -> shift(sub - 0x8b, 16, stack);
            case 0x8e -> binary16(stack, Integer::sum);
            case 0x8f -> binary16(stack, (x, y) -> saturate(x + y, Short.MIN_VALUE, Short.MAX_VALUE));
            case 0x90 -> binary16(stack, (x, y) -> saturate((x & 0xFFFF) + (y & 0xFFFF), 0, 0xFFFF));
            case 0x91 -> binary16(stack, (x, y) -> x - y);
            case 0x92 -> binary16(stack, (x, y) -> saturate(x - y, Short.MIN_VALUE, Short.MAX_VALUE));
            case 0x93 -> binary16(stack, (x, y) -> saturate((x & 0xFFFF) - (y & 0xFFFF), 0, 0xFFFF));
            case 0x95 -> binary16(stack, (x, y) -> x * y);
            case 0x96 -> binary16(stack, Math::min);
            case 0x97 -> binary16(stack, (x, y) -> Math.min(x & 0xFFFF, y & 0xFFFF));
            case 0x98 -> binary16(stack, Math::max);
            case 0x99 -> binary16(stack, (x, y) -> Math.max(x & 0xFFFF, y & 0xFFFF));
            case 0x9b -> binary16(stack, (x, y) -> ((x & 0xFFFF) + (y & 0xFFFF) + 1) >>> 1);
            case 0x9c, 0x9d, 0x9e, 0x9f -> {
                int from = sub % 2 == 0 ? 0 : 8;
                boolean signed = sub <= 0x9d;
                int[] b = extend(V128.pop(stack).i8(), from, 8, signed, 0xFF);
                int[] a = extend(V128.pop(stack).i8(), from, 8, signed, 0xFF);
                V128.ofI16(zip(a, b, (x, y) -> x * y)).push(stack);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** i32x4 lanes: 0x7e, 0x7f, 0xa0-0xbf. */
    private static boolean integer32(int sub, MStack stack) {
        switch (sub) {
            case 0x7e, 0x7f -> V128.ofI32(pairwise(V128.pop(stack).i16(), sub == 0x7e, 0xFFFF)).push(stack);
            case 0xa0 -> V128.ofI32(map(V128.pop(stack).i32(), x -> Math.abs(x))).push(stack);
            case 0xa1 -> V128.ofI32(map(V128.pop(stack).i32(), x -> -x)).push(stack);
            case 0xa3 -> stack.push(allTrue(V128.pop(stack).i32()));
            case 0xa4 -> stack.push(bitmask(V128.pop(stack).i32()));
            case 0xa7, 0xa8, 0xa9, 0xaa -> {
                int[] a = V128.pop(stack).i16();
                V128.ofI32(extend(a, sub % 2 == 1 ? 0 : 4, 4, sub <= 0xa8, 0xFFFF)).push(stack);
            }
            case 0xab, 0xac, 0xad -> shift(sub - 0xab, 32, stack);
            case 0xae -> binary32(stack, Integer::sum);
            case 0xb1 -> binary32(stack, (x, y) -> x - y);
            case 0xb5 -> binary32(stack, (x, y) -> x * y);
            case 0xb6 -> binary32(stack, Math::min);
            case 0xb7 -> binary32(stack, (x, y) -> Integer.compareUnsigned(x, y) <= 0 ? x : y);
            case 0xb8 -> binary32(stack, Math::max);
            case 0xb9 -> binary32(stack, (x, y) -> Integer.compareUnsigned(x, y) >= 0 ? x : y);
            case 0xba -> {
                int[] b = V128.pop(stack).i16();
                int[] a = V128.pop(stack).i16();
                int[] out = new int[4];
                for (int i = 0; i < 4; i++) {
                    out[i] = a[2 * i] * b[2 * i] + a[2 * i + 1] * b[2 * i + 1];
                }
                V128.ofI32(out).push(stack);
            }
            case 0xbc, 0xbd, 0xbe, 0xbf -> {
                int from = sub % 2 == 0 ? 0 : 4;
                boolean signed = sub <= 0xbd;
                int[] b = extend(V128.pop(stack).i16(), from, 4, signed, 0xFFFF);
                int[] a = extend(V128.pop(stack).i16(), from, 4, signed, 0xFFFF);
                V128.ofI32(zip(a, b, (x, y) -> x * y)).push(stack);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** i64x2 lanes: 0xc0-0xdf. */
    private static boolean integer64(int sub, MStack stack) {
        switch (sub) {
            case 0xc0 -> V128.ofI64(map64(V128.pop(stack).i64(), Math::abs)).push(stack);
            case 0xc1 -> V128.ofI64(map64(V128.pop(stack).i64(), x -> -x)).push(stack);
            case 0xc3 -> {
                long[] a = V128.pop(stack).i64();
                stack.push(a[0] != 0 && a[1] != 0 ? 1 : 0);
            }
            case 0xc4 -> {
                long[] a = V128.pop(stack).i64();
                stack.push((a[0] >>> 63) | ((a[1] >>> 63) << 1));
            }
            case 0xc7, 0xc8, 0xc9, 0xca -> V128.ofI64(extend64(V128.pop(stack).i32(), sub % 2 == 1 ? 0 : 2,
                    sub <= 0xc8)).push(stack);
            case 0xcb, 0xcc, 0xcd -> {
                int count = (int) stack.pop() & 63;
                long[] a = V128.pop(stack).i64();
                LongUnaryOperator op = switch (sub) {
                    case 0xcb -> x -> x << count;
                    case 0xcc -> x -> x >> count;
                    default -> x -> x >>> count;
                };
                V128.ofI64(map64(a, op)).push(stack);
            }
            case 0xce -> binary64(stack, Long::sum);
            case 0xd1 -> binary64(stack, (x, y) -> x - y);
            case 0xd5 -> binary64(stack, (x, y) -> x * y);
            case 0xd6 -> binary64(stack, (x, y) -> x == y ? -1 : 0);
            case 0xd7 -> binary64(stack, (x, y) -> x != y ? -1 : 0);
            case 0xd8 -> binary64(stack, (x, y) -> x < y ? -1 : 0);
            case 0xd9 -> binary64(stack, (x, y) -> x > y ? -1 : 0);
            case 0xda -> binary64(stack, (x, y) -> x <= y ? -1 : 0);
            case 0xdb -> binary64(stack, (x, y) -> x >= y ? -1 : 0);
            case 0xdc, 0xdd, 0xde, 0xdf -> {
                int from = sub % 2 == 0 ? 0 : 2;
                boolean signed = sub <= 0xdd;
                long[] b = extend64(V128.pop(stack).i32(), from, signed);
                long[] a = extend64(V128.pop(stack).i32(), from, signed);
                V128.ofI64(new long[] {a[0] * b[0], a[1] * b[1]}).push(stack);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** f32x4 and f64x2 arithmetic: 0x67-0x6a, 0x74, 0x75, 0x7a, 0x94, 0xe0-0xf7. */
    private static boolean floats(int sub, MStack stack) {
        switch (sub) {
            case 0x67 -> unaryF32(stack, x -> (float) Math.ceil(x));
            case 0x68 -> unaryF32(stack, x -> (float) Math.floor(x));
            case 0x69 -> unaryF32(stack, x -> (float) truncate(x));
            case 0x6a -> unaryF32(stack, x -> (float) Math.rint(x));
            case 0x74 -> unaryF64(stack, Math::ceil);
            case 0x75 -> unaryF64(stack, Math::floor);
            case 0x7a -> unaryF64(stack, V128Machine::truncate);
            case 0x94 -> unaryF64(stack, Math::rint);
            case 0xe0 -> V128.ofI32(map(V128.pop(stack).i32(), x -> x & 0x7FFFFFFF)).push(stack);
            case 0xe1 -> V128.ofI32(map(V128.pop(stack).i32(), x -> x ^ 0x80000000)).push(stack);
            case 0xe3 -> unaryF32(stack, x -> (float) Math.sqrt(x));
            case 0xe4 -> binaryF32(stack, (x, y) -> (float) x + (float) y);
            case 0xe5 -> binaryF32(stack, (x, y) -> (float) x - (float) y);
            case 0xe6 -> binaryF32(stack, (x, y) -> (float) x * (float) y);
            case 0xe7 -> binaryF32(stack, (x, y) -> (float) x / (float) y);
            case 0xe8 -> binaryF32(stack, Math::min);
            case 0xe9 -> binaryF32(stack, Math::max);
            case 0xea -> binaryF32(stack, (x, y) -> y < x ? y : x);
            case 0xeb -> binaryF32(stack, (x, y) -> x < y ? y : x);
            case 0xec -> V128.ofI64(map64(V128.pop(stack).i64(), x -> x & Long.MAX_VALUE)).push(stack);
            case 0xed -> V128.ofI64(map64(V128.pop(stack).i64(), x -> x ^ Long.MIN_VALUE)).push(stack);
            case 0xef -> unaryF64(stack, Math::sqrt);
            case 0xf0 -> binaryF64(stack, Double::sum);
            case 0xf1 -> binaryF64(stack, (x, y) -> x - y);
            case 0xf2 -> binaryF64(stack, (x, y) -> x * y);
            case 0xf3 -> binaryF64(stack, (x, y) -> x / y);
            case 0xf4 -> binaryF64(stack, Math::min);
            case 0xf5 -> binaryF64(stack, Math::max);
            case 0xf6 -> binaryF64(stack, (x, y) -> y < x ? y : x);
            case 0xf7 -> binaryF64(stack, (x, y) -> x < y ? y : x);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Conversions between lane shapes: 0x5e, 0x5f, 0xf8-0xff. */
    private static boolean conversions(int sub, MStack stack) {
        switch (sub) {
            case 0x5e -> {
                double[] a = V128.pop(stack).f64();
                V128.ofF32(new float[] {(float) a[0], (float) a[1], 0f, 0f}).push(stack);
            }
            case 0x5f -> {
                float[] a = V128.pop(stack).f32();
                V128.ofF64(new double[] {a[0], a[1]}).push(stack);
            }
            case 0xf8 -> {
                float[] a = V128.pop(stack).f32();
                V128.ofI32(new int[] {(int) a[0], (int) a[1], (int) a[2], (int) a[3]}).push(stack);
            }
            case 0xf9 -> {
                float[] a = V128.pop(stack).f32();
                int[] out = new int[4];
                for (int i = 0; i < 4; i++) {
                    out[i] = truncateUnsigned(a[i]);
                }
                V128.ofI32(out).push(stack);
            }
            case 0xfa -> {
                int[] a = V128.pop(stack).i32();
                V128.ofF32(new float[] {a[0], a[1], a[2], a[3]}).push(stack);
            }
            case 0xfb -> {
                int[] a = V128.pop(stack).i32();
                float[] out = new float[4];
                for (int i = 0; i < 4; i++) {
                    out[i] = (float) (a[i] & 0xFFFFFFFFL);
                }
                V128.ofF32(out).push(stack);
            }
            case 0xfc -> {
                double[] a = V128.pop(stack).f64();
                V128.ofI32(new int[] {(int) a[0], (int) a[1], 0, 0}).push(stack);
            }
            case 0xfd -> {
                double[] a = V128.pop(stack).f64();
                V128.ofI32(new int[] {truncateUnsigned(a[0]), truncateUnsigned(a[1]), 0, 0}).push(stack);
            }
            case 0xfe -> {
                int[] a = V128.pop(stack).i32();
                V128.ofF64(new double[] {a[0], a[1]}).push(stack);
            }
            case 0xff -> {
                int[] a = V128.pop(stack).i32();
                V128.ofF64(new double[] {a[0] & 0xFFFFFFFFL, a[1] & 0xFFFFFFFFL}).push(stack);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    // ---- helpers ----

    /** shl, shr_s, shr_u of {@code bits}-bit lanes by the i32 on top, modulo the lane width. */
    private static void shift(int which, int bits, MStack stack) {
        int count = (int) stack.pop() & (bits - 1);
        V128 a = V128.pop(stack);
        int mask = bits == 32 ? -1 : (1 << bits) - 1;
        IntUnaryOperator op = switch (which) {
            case 0 -> x -> x << count;
            case 1 -> x -> x >> count; // lanes are read sign-extended
            default -> x -> (x & mask) >>> count;
        };
        switch (bits) {
            case 8 -> V128.ofI8(map(a.i8(), op)).push(stack);
            case 16 -> V128.ofI16(map(a.i16(), op)).push(stack);
            default -> V128.ofI32(map(a.i32(), op)).push(stack);
        }
    }

    private static int saturate(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }

    private static double truncate(double x) {
        return x < 0 ? Math.ceil(x) : Math.floor(x);
    }

    /** {@code trunc_sat} to u32: NaN and negatives to 0, past 2^32 - 1 to 2^32 - 1. */
    private static int truncateUnsigned(double x) {
        long truncated = (long) x; // NaN is 0; the long range saturates
        return (int) Math.max(0, Math.min(0xFFFFFFFFL, truncated));
    }

    private static int allTrue(int[] lanes) {
        for (int lane : lanes) {
            if (lane == 0) {
                return 0;
            }
        }
        return 1;
    }

    private static int bitmask(int[] lanes) {
        int mask = 0;
        for (int i = 0; i < lanes.length; i++) {
            if (lanes[i] < 0) {
                mask |= 1 << i;
            }
        }
        return mask;
    }

    /** {@code count} lanes from {@code from}, sign- or zero-extended ({@code mask} is the narrow lane's). */
    private static int[] extend(int[] lanes, int from, int count, boolean signed, int mask) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = signed ? lanes[from + i] : lanes[from + i] & mask;
        }
        return out;
    }

    private static long[] extend64(int[] lanes, int from, boolean signed) {
        return new long[] {signed ? lanes[from] : lanes[from] & 0xFFFFFFFFL,
            signed ? lanes[from + 1] : lanes[from + 1] & 0xFFFFFFFFL};
    }

    /** {@code extadd_pairwise}: the sum of each pair of neighbouring lanes, widened. */
    private static int[] pairwise(int[] lanes, boolean signed, int mask) {
        int[] out = new int[lanes.length / 2];
        for (int i = 0; i < out.length; i++) {
            int a = signed ? lanes[2 * i] : lanes[2 * i] & mask;
            int b = signed ? lanes[2 * i + 1] : lanes[2 * i + 1] & mask;
            out[i] = a + b;
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] both = new int[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static int[] map(int[] lanes, IntUnaryOperator op) {
        int[] out = new int[lanes.length];
        for (int i = 0; i < lanes.length; i++) {
            out[i] = op.applyAsInt(lanes[i]);
        }
        return out;
    }

    private static long[] map64(long[] lanes, LongUnaryOperator op) {
        return new long[] {op.applyAsLong(lanes[0]), op.applyAsLong(lanes[1])};
    }

    private static int[] zip(int[] a, int[] b, IntBinaryOperator op) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = op.applyAsInt(a[i], b[i]);
        }
        return out;
    }

    private static void binary8(MStack stack, IntBinaryOperator op) {
        int[] b = V128.pop(stack).i8();
        V128.ofI8(zip(V128.pop(stack).i8(), b, op)).push(stack);
    }

    private static void binary16(MStack stack, IntBinaryOperator op) {
        int[] b = V128.pop(stack).i16();
        V128.ofI16(zip(V128.pop(stack).i16(), b, op)).push(stack);
    }

    private static void binary32(MStack stack, IntBinaryOperator op) {
        int[] b = V128.pop(stack).i32();
        V128.ofI32(zip(V128.pop(stack).i32(), b, op)).push(stack);
    }

    private static void binary64(MStack stack, LongBinaryOperator op) {
        long[] b = V128.pop(stack).i64();
        long[] a = V128.pop(stack).i64();
        V128.ofI64(new long[] {op.applyAsLong(a[0], b[0]), op.applyAsLong(a[1], b[1])}).push(stack);
    }

    /** A lanewise f32 operation, computed on the lanes widened to double and rounded back to float. */
    private static void unaryF32(MStack stack, DoubleUnaryOperator op) {
        float[] a = V128.pop(stack).f32();
        float[] out = new float[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (float) op.applyAsDouble(a[i]);
        }
        V128.ofF32(out).push(stack);
    }

    /**
     * A lanewise f32 operation on two lanes; {@code op} must round each result to float itself
     * where double arithmetic would differ (add, sub, mul and div cast their operands back).
     */
    private static void binaryF32(MStack stack, DoubleBinaryOperator op) {
        float[] b = V128.pop(stack).f32();
        float[] a = V128.pop(stack).f32();
        float[] out = new float[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (float) op.applyAsDouble(a[i], b[i]);
        }
        V128.ofF32(out).push(stack);
    }

    private static void unaryF64(MStack stack, DoubleUnaryOperator op) {
        double[] a = V128.pop(stack).f64();
        V128.ofF64(new double[] {op.applyAsDouble(a[0]), op.applyAsDouble(a[1])}).push(stack);
    }

    private static void binaryF64(MStack stack, DoubleBinaryOperator op) {
        double[] b = V128.pop(stack).f64();
        double[] a = V128.pop(stack).f64();
        V128.ofF64(new double[] {op.applyAsDouble(a[0], b[0]), op.applyAsDouble(a[1], b[1])}).push(stack);
    }
}
