package dev.plinth.host.internal.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.plinth.api.ModuleLimits;
import dev.plinth.wasm.shape.ModuleShape;
import dev.plinth.wasm.shape.ModuleShapeCheck;

/**
 * The shape checks modules passed, by digest and limits, so that a reload of unchanged bytes or a
 * rollback to a cached version does not decode the module again: the check reads every
 * instruction, which took 1.6 ms of a 140 KB plugin's load and 17 ms of a 2 MB one's, more than
 * the rest of a cache-hit load. A module that failed is checked again each time.
 */
final class ShapeChecks {
    private static final int REMEMBERED = 256;

    private record Key(String sha256, ModuleLimits limits) {
    }

    private final Cache<Key, ModuleShape> passed = Caffeine.newBuilder().maximumSize(REMEMBERED).build();

    /**
     * The module's shape if it is within {@code limits}.
     *
     * @throws dev.plinth.wasm.shape.ModuleOverLimitException naming the first figure over its limit
     * @throws dev.plinth.api.error.InvalidModuleException when the module is malformed
     */
    ModuleShape check(byte[] bytes, String sha256, ModuleLimits limits, String label) {
        Key key = new Key(sha256, limits);
        ModuleShape shape = passed.getIfPresent(key);
        if (shape == null) {
            shape = ModuleShapeCheck.check(bytes, limits, label);
            passed.put(key, shape);
        }
        return shape;
    }
}
