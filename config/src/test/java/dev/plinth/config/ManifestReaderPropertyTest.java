package dev.plinth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.api.manifest.PluginManifest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever text it is given, the reader returns a valid manifest or throws
 * {@link InvalidManifestException}: never another exception, never a half-checked manifest.
 */
class ManifestReaderPropertyTest {

    private static final String SOURCE = "fuzz/plugin.toml";
    private static final String ALPHABET = "[]{}=\"'.,#\n \t\\_-+:*/0123456789abcexyzTZ\u00e9\u0000\r";
    private static final String[] VALUES = {
        "\"\"", "0", "-1", "1.5", "true", "[]", "{}", "[1, \"a\"]", "1979-05-27", "07:32:00", "\"x\"", "0xff",
        "99999999999999999999", "inf", "nan", "\"read:/\"", "\"connect:*:*\"", "\"*\"", "\"^0.0\"", "\"1GB\"",
        "\"1.0.0-rc.1+b\"", "[\"listen:*\"]", "{ a = 1 }", "\"\"\"x\"\"\"", "'../x.wasm'", "1e400", "-0",
        "\"4GiB\"", "\"PT1S\"", "9223372036854775807", "\"a\\u0000b\"",
    };

    @Test
    void randomGarbageOnlyEverFailsAsAnInvalidManifest() {
        Random random = new Random(20240611L);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(120);
            for (int k = 0; k < length; k++) {
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            check(sb.toString());
        }
    }

    @Test
    void characterMutationsOfAValidManifestOnlyEverFailAsAnInvalidManifest() {
        Random random = new Random(42L);
        for (int i = 0; i < 3_000; i++) {
            StringBuilder sb = new StringBuilder(ManifestReaderTest.FULL);
            int mutations = 1 + random.nextInt(4);
            for (int k = 0; k < mutations; k++) {
                int at = random.nextInt(sb.length() + 1);
                char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                switch (random.nextInt(3)) {
                    case 0 -> sb.insert(at, c);
                    case 1 -> {
                        if (at < sb.length()) {
                            sb.deleteCharAt(at);
                        }
                    }
                    default -> {
                        if (at < sb.length()) {
                            sb.setCharAt(at, c);
                        }
                    }
                }
            }
            check(sb.toString());
        }
    }

    @Test
    void lineAndValueMutationsOfAValidManifestOnlyEverFailAsAnInvalidManifest() {
        Random random = new Random(7L);
        List<String> original = Arrays.asList(ManifestReaderTest.FULL.split("\n"));
        for (int i = 0; i < 3_000; i++) {
            List<String> lines = new ArrayList<>(original);
            int mutations = 1 + random.nextInt(3);
            for (int k = 0; k < mutations; k++) {
                int at = random.nextInt(lines.size());
                String line = lines.get(at);
                switch (random.nextInt(4)) {
                    case 0 -> lines.remove(at);
                    case 1 -> lines.add(random.nextInt(lines.size() + 1), line);
                    case 2 -> lines.set(at, lines.set(random.nextInt(lines.size()), line));
                    default -> {
                        int eq = line.indexOf('=');
                        if (eq > 0) {
                            lines.set(at, line.substring(0, eq + 1) + " " + VALUES[random.nextInt(VALUES.length)]);
                        }
                    }
                }
                if (lines.isEmpty()) {
                    lines.add("");
                }
            }
            check(String.join("\n", lines));
        }
    }

    private static void check(String text) {
        PluginManifest manifest;
        try {
            manifest = ManifestReader.parse(text, SOURCE);
        } catch (InvalidManifestException e) {
            assertThat(e.source()).isEqualTo(SOURCE);
            assertThat(e.getMessage()).startsWith(SOURCE + ": ").doesNotContain("StringReader");
            return;
        } catch (RuntimeException | StackOverflowError e) {
            fail("parse threw " + e + " for:\n" + text, e);
            return;
        }
        assertThat(manifest.name()).matches(PluginManifest.NAME_PATTERN);
        assertThat(manifest.entrypoint()).endsWith(".wasm").doesNotStartWith("/").doesNotContain("..");
        manifest.permissions().fs().forEach(f -> assertThat(f.path()).startsWith("/").doesNotContain(".."));
        manifest.permissions().memory().ifPresent(m -> assertThat(m.bytes()).isPositive());
        manifest.permissions().cpuTime().ifPresent(d -> assertThat(d.isNegative() || d.isZero()).isFalse());
        manifest.permissions().fuel().ifPresent(f -> assertThat(f).isPositive());
        manifest.permissions().maxInstances().ifPresent(n -> assertThat(n).isBetween(1, 1024));
    }
}
