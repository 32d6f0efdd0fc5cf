package dev.plinth.wasm.testing;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

/** Chicory's two execution modes, as the host uses them. */
public enum EngineMode {
    INTERPRETER,
    COMPILED;

    /** Parses, validates and instantiates {@code wasm} in this mode. */
    public Instance instantiate(byte[] wasm, ImportValues imports) {
        WasmModule module = Parser.parse(wasm);
        Instance.Builder builder = Instance.builder(module).withImportValues(imports);
        if (this == COMPILED) {
            builder.withMachineFactory(MachineFactoryCompiler.compile(module));
        } else {
            builder.withMachineFactory(InterpreterMachine::new);
        }
        return builder.build();
    }

    public Instance instantiate(byte[] wasm) {
        return instantiate(wasm, ImportValues.empty());
    }
}
