package dev.plinth.demo.logs;

import dev.plinth.spring.hostfn.PluginHostFunction;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The host function {@code lookup-context} that the {@code log-enricher} plugin imports (its
 * manifest asks for it): context about a user id or a service name, as JSON.
 */
@Component
class ContextLookup {
    private static final Map<String, Map<String, String>> CONTEXT = Map.of(
            "checkout", Map.of("region", "eu-west", "team", "payments"),
            "u-42", Map.of("plan", "pro", "country", "NL"));

    /** Known keys get their context; unknown ones get nothing (the plugin writes {@code null}). */
    @PluginHostFunction("lookup-context")
    Map<String, String> lookup(String key) {
        return CONTEXT.get(key);
    }
}
