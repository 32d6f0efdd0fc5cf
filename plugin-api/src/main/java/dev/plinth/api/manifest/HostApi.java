package dev.plinth.api.manifest;

/**
 * The guest-API version this host implements: the ABI a plugin's {@code host-api} range is
 * checked against when it loads. A minor version adds imports; a major version changes or removes
 * them.
 */
public final class HostApi {

    /** The guest-API version of this Plinth. */
    public static final SemanticVersion CURRENT = SemanticVersion.of(1, 0, 0);

    private HostApi() {
    }

    /** Whether a plugin needing {@code range} can run on this host. */
    public static boolean supports(VersionRange range) {
        return range.contains(CURRENT);
    }
}
