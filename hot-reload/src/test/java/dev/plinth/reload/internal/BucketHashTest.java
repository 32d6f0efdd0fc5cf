package dev.plinth.reload.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BucketHashTest {
    @Test
    void weightTenTakesTenPercentOfAHundredThousandKeys() {
        int inCanary = 0;
        for (int i = 0; i < 100_000; i++) {
            if (BucketHash.inCanary("text-transformer", "user-" + i, 10)) {
                inCanary++;
            }
        }
        assertThat(inCanary).isBetween(9_000, 11_000);
    }

    @Test
    void bucketsAreFixedValuesThatEveryJvmAndNodeComputesAlike() {
        // Pinned: a change here would move users between versions across a rolling upgrade.
        assertThat(BucketHash.bucket("text-transformer", "user-42")).isEqualTo(GOLDEN_USER_42);
        assertThat(BucketHash.bucket("text-transformer", "")).isEqualTo(GOLDEN_EMPTY);
        assertThat(BucketHash.bucket("data-validator", "user-42")).isEqualTo(GOLDEN_OTHER_PLUGIN);
    }

    @Test
    void raisingTheWeightOnlyAddsKeysToTheCanary() {
        for (int i = 0; i < 10_000; i++) {
            String key = "request-" + i;
            if (BucketHash.inCanary("p", key, 10)) {
                assertThat(BucketHash.inCanary("p", key, 25)).as(key).isTrue();
            }
        }
        assertThat(BucketHash.inCanary("p", "anyone", 0)).isFalse();
        assertThat(BucketHash.inCanary("p", "anyone", 100)).isTrue();
    }

    /*
     * Computed independently of Java, with Python:
     * int.from_bytes(hashlib.sha256(plugin.encode() + b"\0" + key.encode()).digest()[:8], "big") % 10000
     */
    static final int GOLDEN_USER_42 = 3135;
    static final int GOLDEN_EMPTY = 2474;
    static final int GOLDEN_OTHER_PLUGIN = 8918;
}
