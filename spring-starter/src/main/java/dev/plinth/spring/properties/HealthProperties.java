package dev.plinth.spring.properties;

import java.util.ArrayList;
import java.util.List;

/** {@code plinth.health.*}: which plugins the application's health depends on. */
public class HealthProperties {

    /**
     * Plugins the application cannot work without: health is DOWN while any of them is not
     * serving (missing, or failed to load). Other plugins show in the details only.
     */
    private List<String> requiredPlugins = new ArrayList<>();

    public List<String> getRequiredPlugins() {
        return requiredPlugins;
    }

    public void setRequiredPlugins(List<String> requiredPlugins) {
        this.requiredPlugins = requiredPlugins;
    }
}
