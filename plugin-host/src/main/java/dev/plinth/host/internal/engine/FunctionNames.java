package dev.plinth.host.internal.engine;

import com.dylibso.chicory.wasm.types.NameCustomSection;

/** Resolves wasm function indices to the names in the module's name section, when it has one. */
public final class FunctionNames {
    private final NameCustomSection names;
    private final int importedFunctions;

    FunctionNames(NameCustomSection names, int importedFunctions) {
        this.names = names;
        this.importedFunctions = importedFunctions;
    }

    /** Whether the index is one of the module's own functions rather than an import. */
    boolean isDefined(int index) {
        return index >= importedFunctions;
    }

    /** The function's name, or {@code func[index]}. */
    public String of(int index) {
        String name = names == null ? null : names.nameOfFunction(index);
        return name == null ? "func[" + index + "]" : name;
    }
}
