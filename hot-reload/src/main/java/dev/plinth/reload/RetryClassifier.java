package dev.plinth.reload;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import java.util.Set;

/**
 * Tells a load failure that can pass from one that cannot, by its {@link ErrorCode}. It can pass
 * when the plugin's own start failed ({@code plugin-error}: its {@code plinth_initialize} said no;
 * {@code trap} or {@code timeout}: its initialization trapped or hung, as when a service it needs
 * is down; {@code busy}) or its module ends early, as a file still being written does. It cannot
 * when the files are wrong (an invalid module or manifest, a bad signature, an incompatible host
 * API, a permission or a limit refused): those are loaded again only when the files change.
 */
public final class RetryClassifier {
    private static final Set<ErrorCode> TRANSIENT = Set.of(ErrorCode.PLUGIN_ERROR, ErrorCode.TRAP,
            ErrorCode.TIMEOUT, ErrorCode.BUSY);
    /** How the engine describes a module whose bytes stop before its sections do. */
    private static final String[] INCOMPLETE = {"unexpected end", "length out of bounds", "section size mismatch"};

    private RetryClassifier() {
    }

    /** Whether a load that failed with {@code failure} may succeed later with the same files. */
    public static boolean canPass(PluginException failure) {
        if (TRANSIENT.contains(failure.code())) {
            return true;
        }
        return failure.code() == ErrorCode.INVALID_MODULE && incomplete(failure);
    }

    private static boolean incomplete(Throwable failure) {
        for (Throwable each = failure; each != null; each = each.getCause()) {
            String message = each.getMessage();
            if (message != null) {
                for (String sign : INCOMPLETE) {
                    if (message.contains(sign)) {
                        return true;
                    }
                }
            }
            if (each.getCause() == each) {
                break;
            }
        }
        return false;
    }
}
