package dev.plinth.api.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SemanticVersionTest {

    @Test
    void parsesAllParts() {
        SemanticVersion v = SemanticVersion.parse("1.22.333-rc.1.x-y+build.5.sha-abc");
        assertThat(v).isEqualTo(new SemanticVersion(1, 22, 333, "rc.1.x-y", "build.5.sha-abc"));
        assertThat(v.isPreRelease()).isTrue();
        assertThat(v.release()).isEqualTo(SemanticVersion.of(1, 22, 333));
        assertThat(v.withoutBuild()).hasToString("1.22.333-rc.1.x-y");
        assertThat(SemanticVersion.parse("0.0.0")).isEqualTo(SemanticVersion.of(0, 0, 0));
        assertThat(SemanticVersion.parse("1.0.0-0A.is.legal")).hasToString("1.0.0-0A.is.legal");
        assertThat(SemanticVersion.parse("1.0.0+0.build.01")).hasToString("1.0.0+0.build.01");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "0.1.0", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7",
        "1.0.0-x.7.z.92", "1.0.0-alpha+001", "1.0.0+20130313144700", "1.0.0-beta+exp.sha.5114f85",
        "1.0.0+21AF26D3----117B344092BD", "2147483647.0.0"})
    void toStringIsCanonical(String text) {
        assertThat(SemanticVersion.parse(text)).hasToString(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.2", "1.2.3.4", "v1.2.3", "V1.2.3", "01.2.3", "1.02.3", "1.2.03",
        " 1.2.3", "1.2.3 ", "1.2.3-", "1.2.3+", "1.2.3-01", "1.2.3-alpha..1", "1.2.3-al_pha", "1.2.3+b..1",
        "-1.2.3", "1.2.3-beta+", "a.b.c", "1.2.3.", "2147483648.0.0", "1. 2.3"})
    void rejectsWhatSemVerRejects(String text) {
        assertThatThrownBy(() -> SemanticVersion.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"");
    }

    @Test
    void messagesExplainCommonMistakes() {
        assertThatThrownBy(() -> SemanticVersion.parse("v1.2.3")).hasMessageContaining("no 'v' prefix");
        assertThatThrownBy(() -> SemanticVersion.parse("1.2")).hasMessageContaining("all three numbers");
        assertThatThrownBy(() -> SemanticVersion.parse("1.02.3")).hasMessageContaining("leading zeros");
        assertThatThrownBy(() -> SemanticVersion.parse("99999999999.0.0")).hasMessageContaining("too large");
    }

    @Test
    void precedenceFollowsTheSpecExample() {
        // semver.org, item 11: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta
        //   < 1.0.0-beta.2 < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0
        List<String> ordered = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1");
        List<SemanticVersion> shuffled = new ArrayList<>(ordered.stream().map(SemanticVersion::parse).toList());
        Collections.shuffle(shuffled, new Random(7));
        Collections.sort(shuffled);
        assertThat(shuffled).extracting(SemanticVersion::toString).containsExactlyElementsOf(ordered);
    }

    @Test
    void precedenceDetails() {
        assertThat(v("1.0.0+build.1")).isEqualByComparingTo(v("1.0.0+build.2"));
        assertThat(v("1.0.0+build.1")).isNotEqualTo(v("1.0.0+build.2"));
        assertThat(v("1.0.0-1")).isLessThan(v("1.0.0-a"));
        assertThat(v("1.0.0-9")).isLessThan(v("1.0.0-10"));
        assertThat(v("1.0.0-99999999999999999999")).isGreaterThan(v("1.0.0-9999999999999999999"));
        assertThat(v("1.0.0-B")).isLessThan(v("1.0.0-a"));
        assertThat(v("1.0.0-0")).isLessThan(v("1.0.0-0.0"));
        assertThat(v("1.0.0-alpha")).isGreaterThan(v("0.9.9"));
        assertThat(v("1.10.0")).isGreaterThan(v("1.9.0"));
    }

    @Test
    void constructorChecksItsParts() {
        assertThatThrownBy(() -> new SemanticVersion(-1, 0, 0, "", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SemanticVersion(1, 0, 0, "01", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SemanticVersion(1, 0, 0, "", "a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SemanticVersion(1, 0, 0, null, "")).isInstanceOf(NullPointerException.class);
    }

    private static SemanticVersion v(String text) {
        return SemanticVersion.parse(text);
    }
}
