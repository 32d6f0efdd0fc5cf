package dev.plinth.host.internal.engine;

import com.dylibso.chicory.compiler.Cache;
import dev.plinth.host.internal.cache.CompiledClassStore;
import java.util.Optional;

/**
 * Chicory's compiler cache for one compile: hands the compiler the classes found on disk, or
 * stores the ones it compiles. Chicory keys by the parsed module's digest alone; Plinth's key
 * ({@code key}) also holds the engine mode, the interpreter fallback, the class name and the
 * compiler's identity, so the key Chicory passes is not used.
 */
final class StoredClasses implements Cache {
    private final CompiledClassStore store;
    private final String key;
    private final Optional<byte[]> found;

    StoredClasses(CompiledClassStore store, String key, Optional<byte[]> found) {
        this.store = store;
        this.key = key;
        this.found = found;
    }

    @Override
    public byte[] get(String chicoryKey) {
        return found.orElse(null);
    }

    @Override
    public void putIfAbsent(String chicoryKey, byte[] classes) {
        if (found.isEmpty()) {
            store.write(key, classes);
        }
    }
}
