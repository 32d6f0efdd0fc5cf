package dev.plinth.api.error;

/**
 * An operator's security policy (a policy file, or policy settings) that cannot be read or breaks
 * a rule. The message names the file, the key (dotted path, such as
 * {@code plugins.image-processor.memory}) and the problem, as for manifests.
 *
 * <p>It is an {@link InvalidManifestException} and keeps that code ({@code invalid-manifest}): a
 * policy is the operator's half of the same permission contract, the stable list of codes stays
 * as it is, and everything that already reports a broken manifest (CLI exit status 4, problem
 * responses) reports a broken policy the same way. Catch this type to tell the two apart.
 */
public class InvalidPolicyException extends InvalidManifestException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source where the policy came from (a file path, or a label such as {@code "--grant"})
     * @param key the offending key as a dotted path, or {@code null} when the whole source is at fault
     * @param problem what is wrong, phrased so that it reads after "key: "
     */
    public InvalidPolicyException(String source, String key, String problem) {
        super(source, key, problem);
    }

    public InvalidPolicyException(String source, String key, String problem, Throwable cause) {
        super(source, key, problem, cause);
    }
}
