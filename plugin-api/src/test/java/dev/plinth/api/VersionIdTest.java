package dev.plinth.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionIdTest {
    private static final String DIGEST = "1a2b3c4d5e6f" + "0".repeat(52);

    @Test
    void writesTheVersionAndTheFirstEightHexDigitsOfTheDigest() {
        VersionId id = new VersionId("0.1.0", DIGEST);

        assertThat(id).hasToString("0.1.0@1a2b3c4d");
        assertThat(id.shortDigest()).isEqualTo("1a2b3c4d");
        assertThat(new VersionId("0.1.0", "")).as("files that could not be read").hasToString("0.1.0");
    }

    @Test
    void isNamedByItsTextByALongerStartOfItsDigestOrByTheVersionAlone() {
        VersionId id = new VersionId("0.1.0", DIGEST);

        assertThat(id.matches("0.1.0@1a2b3c4d")).isTrue();
        assertThat(id.matches("0.1.0@1A2B3C4D5E")).isTrue();
        assertThat(id.matches("0.1.0")).isTrue();
        assertThat(id.matches("0.1.0@1a2b")).as("too short a start could name several builds").isFalse();
        assertThat(id.matches("0.1.0@1a2b3c4e")).isFalse();
        assertThat(id.matches("0.1.1@1a2b3c4d")).isFalse();
        assertThat(id.matches("0.1.0@")).isFalse();
        assertThat(new VersionId("0.1.0", "").matches("0.1.0")).isTrue();
    }

    @Test
    void statusesAreWrittenInLowerCaseWithDashes() {
        assertThat(PluginStatus.ROLLED_BACK.text()).isEqualTo("rolled-back");
        assertThat(PluginStatus.ACTIVE.text()).isEqualTo("active");
    }
}
