package dev.plinth.wasm.fuel;

import dev.plinth.wasm.binary.ByteWriter;
import dev.plinth.wasm.binary.ModuleSections;
import dev.plinth.wasm.binary.Section;
import dev.plinth.wasm.binary.SectionId;
import java.util.List;

/**
 * A module that throws and catches with {@code try_table} (exception handling as Chicory runs it),
 * assembled by hand: the wabt on these machines only knows the older {@code try}/{@code catch}.
 *
 * <pre>
 * (tag $e (param i32))
 * (func $thrower (param $n i32)            ;; spins n times, then throws 7
 *   (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
 *   (throw $e (i32.const 7)))
 * (func (export "catch") (param $n i32) (result i32)
 *   (block $h (result i32)
 *     (try_table (catch $e $h) (call $thrower (local.get $n)))
 *     (i32.const -1)))
 * (func (export "catch_forever") (param $n i32)
 *   (loop $again
 *     (drop (block $h (result i32)
 *       (try_table (catch $e $h) (call $thrower (local.get $n)))
 *       (i32.const -1)))
 *     (br $again)))
 * </pre>
 */
final class ExceptionModule {
    private ExceptionModule() {
    }

    static byte[] bytes() {
        byte[] types = new ByteWriter().u32(3)
                .u8(0x60).u32(1).u8(0x7F).u32(0) // 0: (i32) -> ()
                .u8(0x60).u32(1).u8(0x7F).u32(1).u8(0x7F) // 1: (i32) -> (i32)
                .u8(0x60).u32(0).u32(0) // 2: () -> ()
                .toByteArray();
        byte[] functions = new ByteWriter().u32(3).u32(0).u32(1).u32(0).toByteArray();
        byte[] tags = new ByteWriter().u32(1).u8(0x00).u32(0).toByteArray();
        byte[] exports = new ByteWriter().u32(2)
                .name("catch").u8(0x00).u32(1)
                .name("catch_forever").u8(0x00).u32(2)
                .toByteArray();
        byte[] thrower = body(0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6B, 0x22, 0x00, 0x0D, 0x00, 0x0B,
                0x41, 0x07, 0x08, 0x00, 0x0B);
        int[] catching = {0x02, 0x7F, 0x1F, 0x40, 0x01, 0x00, 0x00, 0x00, 0x20, 0x00, 0x10, 0x00, 0x0B,
            0x41, 0x7F, 0x0B};
        byte[] catchOnce = body(concat(catching, new int[] {0x0B}));
        byte[] catchForever = body(concat(new int[] {0x03, 0x40}, catching, new int[] {0x1A, 0x0C, 0x00, 0x0B,
            0x0B}));
        byte[] code = new ByteWriter().u32(3)
                .u32(thrower.length).bytes(thrower)
                .u32(catchOnce.length).bytes(catchOnce)
                .u32(catchForever.length).bytes(catchForever)
                .toByteArray();
        return ModuleSections.assemble(List.of(
                new Section(SectionId.TYPE, types),
                new Section(SectionId.FUNCTION, functions),
                new Section(SectionId.TAG, tags),
                new Section(SectionId.EXPORT, exports),
                new Section(SectionId.CODE, code)));
    }

    /** A body without locals. */
    private static byte[] body(int... instructions) {
        ByteWriter out = new ByteWriter().u32(0);
        for (int b : instructions) {
            out.u8(b);
        }
        return out.toByteArray();
    }

    private static int[] concat(int[]... parts) {
        int length = 0;
        for (int[] part : parts) {
            length += part.length;
        }
        int[] all = new int[length];
        int at = 0;
        for (int[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
