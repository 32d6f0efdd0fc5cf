package dev.plinth.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.component.CanonicalAbiException.Violation;
import dev.plinth.component.value.InvalidValueException;
import dev.plinth.component.value.Value;
import dev.plinth.testing.ComponentWat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A component whose exports return broken canonical-ABI values: each is a typed {@link CanonicalAbiException}
 * naming the rule, the instance is then dead and says so, and a fresh instance of the same component serves.
 */
class HostileComponentTest {
    private static Component hostile;

    /** Little-endian i32s as a WAT data string. */
    static String le32(long... values) {
        StringBuilder out = new StringBuilder();
        for (long v : values) {
            for (int i = 0; i < 4; i++) {
                out.append(String.format("\\%02x", (v >>> (8 * i)) & 0xFF));
            }
        }
        return out.toString();
    }

    static String repeated(int times, long... values) {
        return le32(values).repeat(times);
    }

    @BeforeAll
    static void assemble() {
        String wat = """
                (component
                  (core module $m
                    (memory (export "mem") 1)
                    (global $next (mut i32) (i32.const 8192))
                    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
                      (local $p i32)
                      global.get $next
                      local.get 2 i32.const 1 i32.sub i32.add
                      i32.const 0 local.get 2 i32.sub i32.and
                      local.tee $p
                      local.get 3 i32.add
                      global.set $next
                      local.get $p)
                    (func (export "bad-realloc") (param i32 i32 i32 i32) (result i32) i32.const 0x7ffffff0)
                    (func (export "at") (param i32) (result i32) local.get 0)
                    (func (export "ret-100") (result i32) i32.const 100)
                    (func (export "ret-200") (result i32) i32.const 200)
                    (func (export "ret-400") (result i32) i32.const 400)
                    (func (export "ret-401") (result i32) i32.const 401)
                    (func (export "ret-500") (result i32) i32.const 500)
                    (func (export "ret-600") (result i32) i32.const 600)
                    (func (export "ret-700") (result i32) i32.const 700)
                    (func (export "ret-800") (result i32) i32.const 800)
                    (func (export "ret-900") (result i32) i32.const 900)
                    (func (export "ret-far") (result i32) i32.const -16)
                    (func (export "surrogate") (result i32) i32.const 0xd800)
                    (func (export "too-big-char") (result i32) i32.const 0x110000)
                    (func (export "flag-bits") (result i32) i32.const 4)
                    (func (export "enum-case") (result i32) i32.const 3)
                    (func (export "trap") (result i32) unreachable)
                    (func (export "ok") (result i32) i32.const 7)
                    (func (export "take-string") (param i32 i32) (result i32) local.get 1)
                    (data (i32.const 100) "%s")
                    (data (i32.const 200) "%s")
                    (data (i32.const 300) "\\c3\\28")
                    (data (i32.const 400) "%s")
                    (data (i32.const 500) "%s")
                    (data (i32.const 600) "%s")
                    (data (i32.const 700) "%s")
                    (data (i32.const 800) "%s")
                    (data (i32.const 900) "%s")
                    (data (i32.const 950) "\\00\\d8")
                    (data (i32.const 1000) "%s")
                  )
                  (core instance $i (instantiate $m))
                  (alias core export $i "mem" (core memory $mem))
                  (alias core export $i "realloc" (core func $realloc))
                  (alias core export $i "bad-realloc" (core func $bad-realloc))
                  (type $opt (option u32))
                  (type $lu64 (list u64))
                  (type $lu32 (list u32))
                  (type $lu8 (list u8))
                  (type $ls (list string))
                  (type $fl (flags "a" "b"))
                  (type $en (enum "x" "y" "z"))
                  (func $f1 (result string) (canon lift (core func $i "ret-100") (memory $mem)))
                  (export "string-out-of-bounds" (func $f1))
                  (func $f2 (result string) (canon lift (core func $i "ret-200") (memory $mem)))
                  (export "invalid-utf8" (func $f2))
                  (func $f3 (result $opt) (canon lift (core func $i "ret-400") (memory $mem)))
                  (export "bad-discriminant" (func $f3))
                  (func $f3b (result $opt) (canon lift (core func $i "ret-401") (memory $mem)))
                  (export "misaligned-results" (func $f3b))
                  (func $f4 (result $lu64) (canon lift (core func $i "ret-500") (memory $mem)))
                  (export "huge-list" (func $f4))
                  (func $f5 (result $lu32) (canon lift (core func $i "ret-600") (memory $mem)))
                  (export "misaligned-list" (func $f5))
                  (func $f6 (result $lu8) (canon lift (core func $i "ret-700") (memory $mem)))
                  (export "long-list" (func $f6))
                  (func $f7 (result $ls) (canon lift (core func $i "ret-800") (memory $mem)))
                  (export "many-strings" (func $f7))
                  (func $f8 (result string) (canon lift (core func $i "ret-900") (memory $mem) string-encoding=utf16))
                  (export "invalid-utf16" (func $f8))
                  (func $f9 (result string) (canon lift (core func $i "ret-far") (memory $mem)))
                  (export "results-out-of-bounds" (func $f9))
                  (func $f10 (result char) (canon lift (core func $i "surrogate")))
                  (export "surrogate-char" (func $f10))
                  (func $f11 (result char) (canon lift (core func $i "too-big-char")))
                  (export "too-big-char" (func $f11))
                  (func $f12 (result $fl) (canon lift (core func $i "flag-bits")))
                  (export "bad-flags" (func $f12))
                  (func $f13 (result $en) (canon lift (core func $i "enum-case")))
                  (export "bad-enum" (func $f13))
                  (func $f14 (result u32) (canon lift (core func $i "trap")))
                  (export "trap" (func $f14))
                  (func $f15 (result u32) (canon lift (core func $i "ok")))
                  (export "ok" (func $f15))
                  (func $f16 (param "s" string) (result u32)
                    (canon lift (core func $i "take-string") (memory $mem) (realloc $bad-realloc)))
                  (export "bad-realloc" (func $f16))
                  (func $f17 (param "s" string) (result u32)
                    (canon lift (core func $i "take-string") (memory $mem) (realloc $realloc)))
                  (export "take-string" (func $f17))
                )
                """.formatted(
                le32(0xFFFF0000L, 10), // string far past the 64 KiB memory
                le32(300, 2), // 2 bytes of invalid UTF-8
                le32(7, 0), // option<u32> with discriminant 7
                le32(8, 9000), // 9000 u64s: 72000 bytes, past the 64 KiB memory
                le32(2, 1), // list<u32> at an odd address
                le32(0, 20000), // 20000 bytes, over a 10000-element limit
                le32(1000, 50), // 50 strings ...
                le32(950, 1), // one UTF-16 code unit, a lone surrogate
                repeated(50, 2000, 4000)); // ... each the same 4000 bytes: 200000 in all
        hostile = Component.parse(ComponentWat.assemble(wat));
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of("string-out-of-bounds", Violation.OUT_OF_BOUNDS),
                Arguments.of("invalid-utf8", Violation.INVALID_UTF8),
                Arguments.of("bad-discriminant", Violation.BAD_DISCRIMINANT),
                Arguments.of("misaligned-results", Violation.MISALIGNED),
                Arguments.of("huge-list", Violation.OUT_OF_BOUNDS),
                Arguments.of("misaligned-list", Violation.MISALIGNED),
                Arguments.of("long-list", Violation.TOO_LARGE),
                Arguments.of("many-strings", Violation.TOO_LARGE),
                Arguments.of("invalid-utf16", Violation.INVALID_UTF16),
                Arguments.of("results-out-of-bounds", Violation.OUT_OF_BOUNDS),
                Arguments.of("surrogate-char", Violation.INVALID_CHAR),
                Arguments.of("too-big-char", Violation.INVALID_CHAR),
                Arguments.of("bad-flags", Violation.BAD_FLAGS),
                Arguments.of("bad-enum", Violation.BAD_DISCRIMINANT),
                Arguments.of("trap", Violation.GUEST_TRAP));
    }

    private static ComponentInstance limited() {
        return hostile.instantiate(ComponentOptions.defaults().withLimits(1 << 20, 10_000, 100_000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void eachBrokenRuleIsTypedAndTheInstanceDiesCleanly(String export, Violation violation) {
        ComponentInstance instance = limited();
        assertThatThrownBy(() -> instance.call(export, List.of()))
                .isInstanceOfSatisfying(CanonicalAbiException.class, e -> assertThat(e.violation()).isEqualTo(violation))
                .hasMessageContaining("canonical ABI");
        assertThat(instance.isDead()).isTrue();
        assertThatThrownBy(() -> instance.call("ok", List.of()))
                .isInstanceOfSatisfying(CanonicalAbiException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.DEAD_INSTANCE))
                .hasMessageContaining(export);
        assertThat(limited().call("ok", List.of())).containsExactly(new Value.U32(7));
    }

    @Test
    void aReallocOutsideMemoryIsRefusedBeforeTheHostWrites() {
        ComponentInstance instance = limited();
        assertThatThrownBy(() -> instance.call("bad-realloc", List.of(new Value.Str("hello"))))
                .isInstanceOfSatisfying(CanonicalAbiException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.OUT_OF_BOUNDS))
                .hasMessageContaining("realloc");
        assertThat(instance.isDead()).isTrue();
    }

    @Test
    void theHostsOwnBadValuesAreRefusedAndTheInstanceLives() {
        ComponentInstance instance = limited();
        assertThatThrownBy(() -> instance.call("take-string", List.of(new Value.U32(1))))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("string");
        assertThatThrownBy(() -> instance.call("take-string", List.of()))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("1 arguments");
        assertThatThrownBy(() -> instance.call("take-string", List.of(new Value.Str("x".repeat(1025 << 10)))))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> instance.call("no-such", List.of())).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new Value.U8(256)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new Value.Char(0xDFFF)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new Value.Str("\uD800")).isInstanceOf(InvalidValueException.class);
        assertThat(instance.isDead()).isFalse();
        assertThat(instance.call("take-string", List.of(new Value.Str("héllo")))).containsExactly(new Value.U32(6));
    }
}
