package dev.plinth.api.host;

/**
 * The WebAssembly value types a {@link RawHostFunction} takes and returns, as Extism's
 * {@code ValType} offers them: {@code i32} and {@code i64} (Java {@code int} and {@code long}),
 * {@code f32} and {@code f64} ({@code float} and {@code double}). An Extism memory block is passed
 * as its {@code i64} offset.
 */
public enum WasmType {
    I32,
    I64,
    F32,
    F64;

    /** The name the WebAssembly text format uses: {@code i32}, {@code i64}, {@code f32}, {@code f64}. */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return text();
    }
}
