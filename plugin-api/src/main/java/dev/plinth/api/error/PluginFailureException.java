package dev.plinth.api.error;

/**
 * The plugin ran to completion and reported failure: its export returned non-zero, or it set a
 * message through {@code error_set} (then the call fails whatever the export returned, 0 included,
 * as in Extism). Nothing is wrong with the host or the instance.
 *
 * <p>The host reads at most the version's {@code max-error-size} bytes of that message
 * ({@link dev.plinth.api.LogLimits#maxErrorBytes()}); a longer one arrives cut, marked with
 * {@code … (cut: <n> bytes in all)}.
 */
public class PluginFailureException extends PluginException {
    private static final long serialVersionUID = 1L;

    private final String pluginMessage;
    private final int returnCode;

    public PluginFailureException(String plugin, String function, int returnCode, String pluginMessage) {
        super(ErrorCode.PLUGIN_ERROR, plugin + "." + function + " failed (return code " + returnCode + "): " + pluginMessage);
        this.pluginMessage = pluginMessage;
        this.returnCode = returnCode;
    }

    /** The message as the plugin set it, cut at the version's {@code max-error-size} (the cut is marked). */
    public String pluginMessage() {
        return pluginMessage;
    }

    /** The value the export returned: non-zero, or 0 when the plugin failed by setting an error message. */
    public int returnCode() {
        return returnCode;
    }
}
