package dev.plinth.api;

import dev.plinth.api.error.PayloadTooLargeException;
import dev.plinth.api.unit.TextCap;
import java.util.Optional;
import java.util.Set;

/** {@link PluginVars#none()}. */
final class NoVars implements PluginVars {
    static final NoVars INSTANCE = new NoVars();

    private NoVars() {
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.empty();
    }

    @Override
    public void put(String key, byte[] value) {
        throw new PayloadTooLargeException("these vars take nothing (their limit is 0 bytes); var '" + TextCap.chars(key, 256)
                + "' was not set");
    }

    @Override
    public boolean remove(String key) {
        return false;
    }

    @Override
    public void clear() {
    }

    @Override
    public Set<String> keys() {
        return Set.of();
    }

    @Override
    public int count() {
        return 0;
    }

    @Override
    public long bytes() {
        return 0;
    }

    @Override
    public long maxBytes() {
        return 0;
    }
}
