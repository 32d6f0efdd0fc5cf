/**
 * Module bytes before any engine: the shape check, table clamping, fuel metering, the v128 locals fix,
 * code stubs for a compile cache hit. The codec is not exported.
 */
module dev.plinth.wasm {
    requires transitive dev.plinth.api;

    exports dev.plinth.wasm.fuel;
    exports dev.plinth.wasm.kernel;
    exports dev.plinth.wasm.shape;
    exports dev.plinth.wasm.simd;
    exports dev.plinth.wasm.stub;
    // The byte reader, for the component parser, which reads the same LEB128 encodings.
    exports dev.plinth.wasm.binary to dev.plinth.component;
}
