package dev.plinth.host.internal.engine;

import com.dylibso.chicory.runtime.MStack;

/**
 * A {@code v128} value as Chicory's interpreter keeps it on its stack: two {@code long}s, the low
 * eight bytes (lanes 0 up, little-endian) pushed first and the high eight on top. Lanes are read
 * into arrays and written back from them; integer lanes as sign-extended {@code int}s or
 * {@code long}s, float lanes as their raw bits.
 *
 * @param lo bytes 0 to 7
 * @param hi bytes 8 to 15
 */
record V128(long lo, long hi) {
    static final V128 ZERO = new V128(0, 0);

    /** Pops a value: the high half is on top. */
    static V128 pop(MStack stack) {
        long hi = stack.pop();
        long lo = stack.pop();
        return new V128(lo, hi);
    }

    void push(MStack stack) {
        stack.push(lo);
        stack.push(hi);
    }

    /** The bits of lane {@code i} of {@code bits}-bit lanes, unsigned in the low bits. */
    private long lane(int i, int bits) {
        int bit = i * bits;
        long half = bit < 64 ? lo : hi;
        long shifted = half >>> (bit & 63);
        return bits == 64 ? shifted : shifted & ((1L << bits) - 1);
    }

    /** Sixteen signed bytes. */
    int[] i8() {
        int[] lanes = new int[16];
        for (int i = 0; i < 16; i++) {
            lanes[i] = (byte) lane(i, 8);
        }
        return lanes;
    }

    /** Eight signed 16-bit lanes. */
    int[] i16() {
        int[] lanes = new int[8];
        for (int i = 0; i < 8; i++) {
            lanes[i] = (short) lane(i, 16);
        }
        return lanes;
    }

    /** Four 32-bit lanes (also the raw bits of four {@code f32}). */
    int[] i32() {
        return new int[] {(int) lo, (int) (lo >>> 32), (int) hi, (int) (hi >>> 32)};
    }

    /** Two 64-bit lanes (also the raw bits of two {@code f64}). */
    long[] i64() {
        return new long[] {lo, hi};
    }

    float[] f32() {
        int[] bits = i32();
        float[] lanes = new float[4];
        for (int i = 0; i < 4; i++) {
            lanes[i] = Float.intBitsToFloat(bits[i]);
        }
        return lanes;
    }

    double[] f64() {
        return new double[] {Double.longBitsToDouble(lo), Double.longBitsToDouble(hi)};
    }

    /** The value of {@code lanes} of {@code bits} bits each (only the low bits of each are kept). */
    private static V128 of(long[] lanes, int bits) {
        long lo = 0;
        long hi = 0;
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        for (int i = 0; i < lanes.length; i++) {
            int bit = i * bits;
            long value = (lanes[i] & mask) << (bit & 63);
            if (bit < 64) {
                lo |= value;
            } else {
                hi |= value;
            }
        }
        return new V128(lo, hi);
    }

    static V128 ofI8(int[] lanes) {
        return of(widen(lanes), 8);
    }

    static V128 ofI16(int[] lanes) {
        return of(widen(lanes), 16);
    }

    static V128 ofI32(int[] lanes) {
        return of(widen(lanes), 32);
    }

    static V128 ofI64(long[] lanes) {
        return new V128(lanes[0], lanes[1]);
    }

    static V128 ofF32(float[] lanes) {
        int[] bits = new int[4];
        for (int i = 0; i < 4; i++) {
            bits[i] = Float.floatToRawIntBits(lanes[i]);
        }
        return ofI32(bits);
    }

    static V128 ofF64(double[] lanes) {
        return new V128(Double.doubleToRawLongBits(lanes[0]), Double.doubleToRawLongBits(lanes[1]));
    }

    private static long[] widen(int[] lanes) {
        long[] wide = new long[lanes.length];
        for (int i = 0; i < lanes.length; i++) {
            wide[i] = lanes[i];
        }
        return wide;
    }
}
