package dev.plinth.wasm.fuel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.dylibso.chicory.wasm.Parser;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.wasm.testing.RustModules;
import dev.plinth.testing.Wat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever bytes come in, metering either returns a module or throws {@link MeteringException};
 * and it never turns a module the engine refuses into one it accepts, nor the reverse.
 */
class FuelMeterRobustnessTest {
    private static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

    @Test
    void randomBytesAreRefusedWithATypedException() {
        Random random = new Random(6);
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(i < 10_000 ? 64 : 4096)];
            random.nextBytes(bytes);
            if (i % 2 == 0 && bytes.length >= HEADER.length) {
                System.arraycopy(HEADER, 0, bytes, 0, HEADER.length);
            }
            refused += meterOrRefuse(bytes) == null ? 1 : 0;
        }
        assertThat(refused).isGreaterThan(19_000);
    }

    @Test
    void refusalsCarryTheInvalidModuleCode() {
        assertThatThrownBy(() -> FuelMeter.instrument(new byte[] {1, 2, 3}))
                .isInstanceOf(MeteringException.class)
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageStartingWith("cannot meter module: not a WebAssembly module")
                .extracting(e -> ((InvalidModuleException) e).code()).isEqualTo(ErrorCode.INVALID_MODULE);
        assertThatThrownBy(() -> FuelMeter.instrument(Arrays.copyOf(HEADER, 10)))
                .isInstanceOf(MeteringException.class).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> FuelMeter.instrument(new byte[] {0}, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void codeThatNamesALocalBeyondItsFunctionIsRefused() {
        // invalid as it stands; after metering local 1 would be the function's copy of the counter
        byte[] wasm = Wat.assemble("(module (func (param i32) (local.set 1 (i64.const 9223372036854775807))))",
                "--no-check");
        assertThatThrownBy(() -> FuelMeter.instrument(wasm))
                .isInstanceOf(MeteringException.class)
                .hasMessageContaining("uses local 1, but it has 1 locals");
    }

    static Stream<Path> rustModules() {
        return RustModules.all().stream();
    }

    @ParameterizedTest
    @MethodSource("rustModules")
    void mutatedRustModulesAreRefusedOrMeteredWithoutChangingValidity(Path module) {
        mutateAndCompare(RustModules.read(module), 40, module.getFileName().hashCode());
    }

    @Test
    void mutatedSmallModulesAreRefusedOrMeteredWithoutChangingValidity() {
        mutateAndCompare(Wat.assemble(WatModules.PROGRAMS), 1_500, 17);
        mutateAndCompare(ExceptionModule.bytes(), 500, 18);
    }

    /**
     * Mutates {@code original} {@code count} times; for each mutant that metering accepts, the
     * engine must accept the metered module exactly when it accepts the mutant.
     */
    private static void mutateAndCompare(byte[] original, int count, long seed) {
        Random random = new Random(seed);
        int metered = 0;
        int valid = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
            byte[] mutant = mutate(original, random);
            MeteredModule result = meterOrRefuse(mutant);
            if (result == null) {
                continue;
            }
            metered++;
            boolean mutantValid = engineAccepts(mutant);
            assertThat(engineAccepts(result.bytes())).as("mutant %d: the engine accepts the metered module iff"
                    + " it accepts the mutant (%s)", i, mutantValid).isEqualTo(mutantValid);
            valid += mutantValid ? 1 : 0;
        }
        System.out.printf("%d mutants: %d metered, %d of them valid%n", count, metered, valid);
        assertThat(metered).isPositive();
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(5)) {
            case 0 -> { // flip a few bits
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    int at = HEADER.length + random.nextInt(bytes.length - HEADER.length);
                    bytes[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> { // overwrite a byte
                bytes[HEADER.length + random.nextInt(bytes.length - HEADER.length)] = (byte) random.nextInt(256);
            }
            case 2 -> bytes = Arrays.copyOf(bytes, HEADER.length + random.nextInt(bytes.length - HEADER.length));
            case 3 -> { // duplicate a run of bytes
                int from = HEADER.length + random.nextInt(bytes.length - HEADER.length);
                int length = Math.min(1 + random.nextInt(16), bytes.length - from);
                byte[] longer = new byte[bytes.length + length];
                System.arraycopy(bytes, 0, longer, 0, from + length);
                System.arraycopy(bytes, from, longer, from + length, bytes.length - from);
                bytes = longer;
            }
            default -> { // overwrite a byte with an opcode-like value
                List<Integer> interesting = List.of(0x00, 0x0B, 0x0C, 0x0D, 0x10, 0x20, 0x21, 0x22, 0x23, 0x24,
                        0x40, 0x7F, 0x80, 0xFC, 0xFD, 0xFF);
                bytes[HEADER.length + random.nextInt(bytes.length - HEADER.length)] =
                        (byte) (int) interesting.get(random.nextInt(interesting.size()));
            }
        }
        return bytes;
    }

    /** The metered module, or null if metering refused the bytes with its typed exception. */
    private static MeteredModule meterOrRefuse(byte[] bytes) {
        try {
            return FuelMeter.instrument(bytes);
        } catch (MeteringException expected) {
            assertThat(expected.getMessage()).startsWith("cannot meter module: ");
            return null;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            fail("metering threw " + e + " instead of a MeteringException", e);
            return null;
        }
    }

    private static boolean engineAccepts(byte[] bytes) {
        try {
            Parser.parse(bytes);
            return true;
        } catch (RuntimeException | AssertionError e) {
            // Chicory 1.7.5 fails some assertions of its own on malformed code (with -ea, as in tests)
            return false;
        }
    }
}
