package dev.plinth.api.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionRangeTest {

    /** Each row: a range, versions it contains (space-separated), versions it does not. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        ">=1.0.0, <2.0.0 ; 1.0.0 1.5.3 1.99.99           ; 0.9.9 2.0.0 2.0.0-alpha 1.5.0-beta",
        ">=1.0.0 <2.0.0  ; 1.0.0 1.9.0                    ; 2.0.0 0.1.0",
        ">= 1.0.0 , < 2  ; 1.0.0 1.9.0                    ; 2.0.0 2.0.0-rc.1",
        "1.0.0           ; 1.0.0 1.0.0+build              ; 1.0.1 1.0.0-rc.1",
        "=1.0.0          ; 1.0.0                          ; 1.0.1",
        "*               ; 0.0.0 1.0.0 99.0.0             ; 1.0.0-alpha",
        "1.2             ; 1.2.0 1.2.9                    ; 1.3.0 1.1.9 1.3.0-0",
        "1               ; 1.0.0 1.9.9                    ; 2.0.0 0.9.0",
        "1.x             ; 1.0.0 1.9.9                    ; 2.0.0",
        "1.2.*           ; 1.2.0 1.2.9                    ; 1.3.0",
        "<2              ; 0.0.0 1.99.99                  ; 2.0.0 2.0.0-alpha",
        "<=1.2           ; 1.2.99                         ; 1.3.0 1.3.0-alpha",
        ">1.2            ; 1.3.0 2.0.0                    ; 1.2.99",
        ">1              ; 2.0.0                          ; 1.99.0",
        ">=1.1           ; 1.1.0 3.0.0                    ; 1.0.9",
        ">1.2.3          ; 1.2.4                          ; 1.2.3",
        "<=1.2.3         ; 1.2.3 0.0.1                    ; 1.2.4",
        "^1.2.3          ; 1.2.3 1.9.0                    ; 1.2.2 2.0.0 2.0.0-0",
        "^1.2            ; 1.2.0 1.99.0                   ; 1.1.0 2.0.0",
        "^1              ; 1.0.0 1.99.0                   ; 2.0.0 0.9.0",
        "^0.2.3          ; 0.2.3 0.2.9                    ; 0.3.0 0.2.2",
        "^0.2            ; 0.2.0 0.2.9                    ; 0.3.0",
        "^0.0.3          ; 0.0.3                          ; 0.0.4 0.0.2",
        "^0.0            ; 0.0.0 0.0.9                    ; 0.1.0",
        "^0              ; 0.0.0 0.9.9                    ; 1.0.0",
        "^0.0.x          ; 0.0.0 0.0.9                    ; 0.1.0",
        "~1.2.3          ; 1.2.3 1.2.9                    ; 1.3.0 1.2.2",
        "~1.2            ; 1.2.0 1.2.9                    ; 1.3.0",
        "~1              ; 1.0.0 1.9.0                    ; 2.0.0",
        "~0.2.3          ; 0.2.3 0.2.4                    ; 0.3.0",
        ">=1.0.0-beta    ; 1.0.0-beta 1.0.0-rc.1 1.0.0 2.0.0 ; 1.0.0-alpha 1.1.0-rc.1",
        "^1.2.3-beta.2   ; 1.2.3-beta.2 1.2.3-beta.11 1.2.3 1.3.0 ; 1.2.3-beta.1 1.3.0-beta 2.0.0",
        "1.0.0 || >=3.0.0 ; 1.0.0 3.0.0 4.0.0             ; 2.0.0 1.0.1",
        "<1.0.0 || ^2    ; 0.5.0 2.5.0                    ; 1.0.0 3.0.0",
    })
    void containsFollowsNpmAndCargo(String range, String inside, String outside) {
        VersionRange r = VersionRange.parse(range);
        for (String v : split(inside)) {
            assertThat(r.contains(SemanticVersion.parse(v))).as("%s contains %s", range, v).isTrue();
        }
        for (String v : split(outside)) {
            assertThat(r.contains(SemanticVersion.parse(v))).as("%s contains %s", range, v).isFalse();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        ">=1.0.0, <2.0.0     ; >=1.0.0, <2.0.0",
        ">=1.0.0 <2.0.0      ; >=1.0.0, <2.0.0",
        "  >= 1.0.0  ,<2     ; >=1.0.0, <2",
        "^1.2                ; ^1.2",
        "1.0.0               ; 1.0.0",
        "*                   ; *",
        "1.0.0||2.0.0        ; 1.0.0 || 2.0.0",
    })
    void toStringIsTheNormalizedText(String text, String normalized) {
        VersionRange r = VersionRange.parse(text);
        assertThat(r).hasToString(normalized);
        assertThat(VersionRange.parse(normalized)).isEqualTo(r).hasSameHashCodeAs(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "v1.0.0", ">=1.0.0,", ", <2", "1.0.0 - 2.0.0", ">=01.0", "1.*.3",
        "1.2-beta", ">*", "<x", "~>1.2", ">=1.0.0 ||", "latest", "1.2.3.4", ">=>=1", "99999999999",
        "1.0.0-01", "=="})
    void rejectsWhatIsNotARange(String text) {
        assertThatThrownBy(() -> VersionRange.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version range")
                .hasMessageContaining(">=1.0.0, <2.0.0");
    }

    @Test
    void edgeOfTheIntRange() {
        int max = Integer.MAX_VALUE;
        SemanticVersion top = SemanticVersion.of(max, 0, 0);
        assertThat(VersionRange.parse("^" + max).contains(top)).isTrue();
        assertThat(VersionRange.parse(">" + max).contains(top)).isFalse();
        assertThat(VersionRange.parse("<=" + max).contains(top)).isTrue();
    }

    @Test
    void anyContainsEveryRelease() {
        assertThat(VersionRange.ANY).hasToString("*");
        assertThat(VersionRange.ANY.contains(SemanticVersion.of(0, 0, 1))).isTrue();
        assertThat(VersionRange.parse("=*")).isNotNull();
    }

    @Test
    void hostApiIsOneZeroZero() {
        assertThat(HostApi.CURRENT).hasToString("1.0.0");
        assertThat(HostApi.supports(VersionRange.parse(">=1.0.0, <2.0.0"))).isTrue();
        assertThat(HostApi.supports(VersionRange.parse("^1"))).isTrue();
        assertThat(HostApi.supports(VersionRange.ANY)).isTrue();
        assertThat(HostApi.supports(VersionRange.parse("^1.1"))).isFalse();
        assertThat(HostApi.supports(VersionRange.parse(">=2"))).isFalse();
        assertThat(HostApi.supports(VersionRange.parse("^0.9"))).isFalse();
    }

    private static String[] split(String versions) {
        return Arrays.stream(versions.trim().split("\\s+")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }
}
