package dev.plinth.demo.logs;

import dev.plinth.spring.client.PluginClient;
import tools.jackson.databind.JsonNode;

/** The {@code log-enricher} plugin as a bean; it calls back into {@link ContextLookup}. */
@PluginClient("log-enricher")
public interface LogEnricher {

    /** Turns a log line into JSON with a sequence number, the service and context from the application. */
    JsonNode enrich(String line);
}
