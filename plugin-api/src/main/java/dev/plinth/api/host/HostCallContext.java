package dev.plinth.api.host;

/** Who is calling a host function: the plugin, its version, and the export it is running. */
public interface HostCallContext {
    String pluginName();

    String pluginVersion();

    /** The exported function whose call led here. */
    String function();
}
