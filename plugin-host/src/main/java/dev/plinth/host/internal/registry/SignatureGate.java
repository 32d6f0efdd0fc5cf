package dev.plinth.host.internal.registry;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.SignatureException;
import dev.plinth.api.file.PluginFolder;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.audit.AuditLog;
import dev.plinth.security.signature.SignatureCheck;
import dev.plinth.security.signature.SignatureMode;
import dev.plinth.security.signature.SignatureVerifier;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The load-time signature check: verifies the bytes about to be compiled under the engine's
 * {@link SignatureMode}, and audits every refusal ({@code require}) and every module let through
 * unverified ({@code warn}).
 */
public final class SignatureGate {
    private final SignatureMode mode;
    private final SignatureVerifier verifier;
    private final AuditLog audit;

    public SignatureGate(SignatureMode mode, SignatureVerifier verifier, AuditLog audit) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    public SignatureMode mode() {
        return mode;
    }

    /**
     * @param folder the plugins folder the {@code .sig} must stay in
     * @return the check the version loads with ({@code unchecked} when signatures are off)
     * @throws SignatureException under {@code require} when the module is not verified
     */
    SignatureCheck check(PluginManifest manifest, Path wasm, byte[] bytes, PluginFolder folder) {
        if (mode == SignatureMode.OFF) {
            return SignatureCheck.unchecked();
        }
        SignatureCheck check = verifier.check(wasm, bytes, folder);
        if (check.verified()) {
            return check;
        }
        if (mode == SignatureMode.WARN) {
            // the audit entry, which the audit log writes at WARN, is the warning
            audit.record(entry(manifest, wasm, "signature " + check.state() + ": " + check.detail()
                    + "; loaded anyway (signatures: warn)", AuditAction.LOADED_WITH_WARNING));
            return check;
        }
        try {
            return SignatureVerifier.enforce(mode, check, manifest.name());
        } catch (SignatureException e) {
            audit.record(entry(manifest, wasm, e.getMessage(), AuditAction.REFUSED));
            throw e;
        }
    }

    private static AuditEntry entry(PluginManifest manifest, Path wasm, String detail, AuditAction action) {
        return AuditEntry.now(manifest.name(), manifest.version().toString(), ErrorCode.SIGNATURE, wasm.toString(),
                detail, action);
    }
}
