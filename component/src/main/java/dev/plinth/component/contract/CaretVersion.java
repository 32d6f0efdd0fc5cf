package dev.plinth.component.contract;

import dev.plinth.api.manifest.SemanticVersion;

/**
 * Whether a WIT package version the host has satisfies the version a component was built against, by Cargo's
 * caret rules: {@code ^1.2.3} is {@code >=1.2.3, <2.0.0}, {@code ^0.1.2} is {@code >=0.1.2, <0.2.0}, {@code ^0.0.3}
 * is {@code 0.0.3} only. So a component built against {@code plinth:plugin@0.1.0} works with a host of 0.1.4, not
 * with 0.2.0 or 1.0.0, nor with 0.0.9.
 */
public final class CaretVersion {
    private CaretVersion() {
    }

    /** Whether {@code provided} (the host's) satisfies {@code ^required} (the component's). */
    public static boolean satisfies(SemanticVersion required, SemanticVersion provided) {
        if (provided.compareTo(required) < 0) {
            return false;
        }
        if (required.major() > 0) {
            return provided.major() == required.major();
        }
        if (required.minor() > 0) {
            return provided.major() == 0 && provided.minor() == required.minor();
        }
        return provided.major() == 0 && provided.minor() == 0 && provided.patch() == required.patch();
    }

    /** Whether two version strings are caret-compatible as above; either one not semver is compatible only if equal. */
    public static boolean satisfies(String required, String provided) {
        try {
            return satisfies(SemanticVersion.parse(required), SemanticVersion.parse(provided));
        } catch (IllegalArgumentException e) {
            return required.equals(provided);
        }
    }
}
