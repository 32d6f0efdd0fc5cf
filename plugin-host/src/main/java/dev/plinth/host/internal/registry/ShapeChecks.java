package dev.plinth.host.internal.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.plinth.api.ModuleLimits;
import dev.plinth.host.internal.cache.CompiledClassStore;
import dev.plinth.wasm.shape.ModuleShape;
import dev.plinth.wasm.shape.ModuleShapeCheck;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The shape checks modules passed, by digest and limits, so that a reload of unchanged bytes or a
 * rollback to a cached version does not decode the module again: the check reads every
 * instruction, which took 1.6 ms of a 140 KB plugin's load and 17 ms of a 2 MB one's, more than
 * the rest of a cache-hit load. A module that failed is checked again each time.
 *
 * <p>With a compile cache on disk the shape a module passed with is kept there too (by the digest
 * of the file), so that a restarted JVM does not decode it again either: a remembered shape within
 * the limits of the new load ({@link ModuleShape#within}) stands for the check; one that is not is
 * checked again, for the error.
 */
final class ShapeChecks {
    private static final int REMEMBERED = 256;
    /** The version of what a shape entry holds, and of the check: a change to either bumps it. */
    private static final int FORMAT = 1;

    private record Key(String sha256, ModuleLimits limits) {
    }

    private final Cache<Key, ModuleShape> passed = Caffeine.newBuilder().maximumSize(REMEMBERED).build();
    private final Optional<CompiledClassStore> store;

    ShapeChecks(Optional<CompiledClassStore> store) {
        this.store = store;
    }

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
            shape = remembered(sha256, label).filter(s -> s.moduleBytes() == bytes.length && s.within(limits))
                    .orElse(null);
            if (shape == null) {
                shape = ModuleShapeCheck.check(bytes, limits, label);
                ModuleShape checked = shape;
                store.ifPresent(disk -> disk.write(storeKey(sha256), encode(checked)));
            }
            passed.put(key, shape);
        }
        return shape;
    }

    private Optional<ModuleShape> remembered(String sha256, String label) {
        return store.flatMap(disk -> disk.read(storeKey(sha256), label)).flatMap(ShapeChecks::decode);
    }

    private static String storeKey(String sha256) {
        return "plinth module shape " + FORMAT + "\nsha256 " + sha256 + "\nfixed "
                + ModuleShapeCheck.MAX_LOCALS_PER_FUNCTION + " " + ModuleShapeCheck.MAX_LOCALS + " "
                + ModuleShapeCheck.MAX_TABLES + " " + ModuleShapeCheck.MAX_SEGMENTS + "\n";
    }

    private static byte[] encode(ModuleShape s) {
        return ByteBuffer.allocate(13 * Long.BYTES).putLong(s.moduleBytes()).putLong(s.functions())
                .putLong(s.largestFunctionBytes()).putLong(s.deepestNesting()).putLong(s.mostLocals())
                .putLong(s.locals()).putLong(s.instructions()).putLong(s.tables()).putLong(s.tableElements())
                .putLong(s.globals()).putLong(s.elementEntries()).putLong(s.dataSegments()).putLong(s.simdFunction())
                .array();
    }

    /** The shape an authentic entry holds; one of another length is not used. */
    private static Optional<ModuleShape> decode(byte[] payload) {
        if (payload.length != 13 * Long.BYTES) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(payload);
        return Optional.of(new ModuleShape(in.getLong(), (int) in.getLong(), in.getLong(), (int) in.getLong(),
                in.getLong(), in.getLong(), in.getLong(), (int) in.getLong(), in.getLong(), (int) in.getLong(),
                in.getLong(), (int) in.getLong(), (int) in.getLong()));
    }
}
