package dev.plinth.host.internal.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.host.internal.cache.SealedEntry.Verdict;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The entry format: what opens, and how each kind of bad file is told apart. */
class SealedEntryTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(UTF_8);
    private final SealedEntry seal = new SealedEntry(SECRET);
    private final byte[] payload = "classes of the module".getBytes(UTF_8);

    @Test
    void anEntryOpensToItsPayloadUnderItsKey() {
        SealedEntry.Opened opened = seal.open("key", seal.seal("key", payload));
        assertThat(opened.verdict()).isEqualTo(Verdict.AUTHENTIC);
        assertThat(opened.payload()).isEqualTo(payload);
    }

    @Test
    void everyBitOfAnEntryIsCovered() {
        byte[] sealed = seal.seal("key", payload);
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] flipped = sealed.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(seal.open("key", flipped).verdict()).as("bit %d", bit).isNotEqualTo(Verdict.AUTHENTIC);
        }
    }

    @Test
    void aChangedPayloadIsForged() {
        byte[] sealed = seal.seal("key", payload);
        sealed[sealed.length - 40] ^= 0x20;
        assertThat(seal.open("key", sealed).verdict()).isEqualTo(Verdict.FORGED);
    }

    @Test
    void anotherKeysEntryIsForgedThoughAuthentic() {
        SealedEntry.Opened opened = seal.open("key", seal.seal("other key", payload));
        assertThat(opened.verdict()).isEqualTo(Verdict.FORGED);
        assertThat(opened.reason()).contains("another module");
    }

    @Test
    void anEntryOfAnotherSecretIsOnlyAMiss() {
        SealedEntry other = new SealedEntry("another secret of thirty-two bytes".getBytes(UTF_8));
        assertThat(seal.open("key", other.seal("key", payload)).verdict()).isEqualTo(Verdict.OTHER_SECRET);
    }

    @Test
    void cutShortPaddedOrForeignFilesAreCorrupt() {
        byte[] sealed = seal.seal("key", payload);
        assertThat(seal.open("key", Arrays.copyOf(sealed, sealed.length - 1)).verdict()).isEqualTo(Verdict.CORRUPT);
        assertThat(seal.open("key", Arrays.copyOf(sealed, sealed.length + 1)).verdict()).isEqualTo(Verdict.CORRUPT);
        assertThat(seal.open("key", Arrays.copyOf(sealed, 20)).verdict()).isEqualTo(Verdict.CORRUPT);
        assertThat(seal.open("key", new byte[0]).verdict()).isEqualTo(Verdict.CORRUPT);
        assertThat(seal.open("key", "PK\u0003\u0004 a jar, not an entry".repeat(4).getBytes(UTF_8)).verdict())
                .isEqualTo(Verdict.CORRUPT);
    }
}
