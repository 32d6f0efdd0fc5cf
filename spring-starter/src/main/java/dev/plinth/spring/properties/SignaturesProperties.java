package dev.plinth.spring.properties;

import dev.plinth.security.signature.SignatureMode;
import dev.plinth.security.signature.TrustedKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code plinth.signatures.*}: whether plugin modules must be signed, and by whom. */
public class SignaturesProperties {

    /**
     * off: signatures are not read. warn: every module's signature is checked, one that is not
     * verified by a trusted key still loads, with a warning and an audit entry. require: only
     * modules verified by a trusted key load; any other is refused with the signature error.
     */
    private SignatureMode mode = SignatureMode.OFF;

    /**
     * The public keys modules may be signed with: key files ({@code .pub}, as {@code plinth keygen}
     * writes them) and folders, whose every {@code .pub} is read.
     */
    private List<Path> trustedKeys = new ArrayList<>();

    public SignatureMode getMode() {
        return mode;
    }

    public void setMode(SignatureMode mode) {
        this.mode = mode;
    }

    public List<Path> getTrustedKeys() {
        return trustedKeys;
    }

    public void setTrustedKeys(List<Path> trustedKeys) {
        this.trustedKeys = trustedKeys;
    }

    /**
     * The trusted keys, read from their files.
     *
     * @throws IllegalStateException when {@code require} has no key to trust, so that no module could
     *     ever load
     */
    public TrustedKeys toTrustedKeys() {
        if (mode == SignatureMode.REQUIRE && trustedKeys.isEmpty()) {
            throw new IllegalStateException("plinth.signatures.mode=require needs plinth.signatures.trusted-keys:"
                    + " without a trusted key no plugin could load (name the .pub files or folders that"
                    + " `plinth keygen` wrote)");
        }
        return trustedKeys.isEmpty() ? TrustedKeys.none() : TrustedKeys.load(trustedKeys);
    }
}
