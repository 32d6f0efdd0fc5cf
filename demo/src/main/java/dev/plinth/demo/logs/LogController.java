package dev.plinth.demo.logs;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Enriches log lines with the {@code log-enricher} plugin. */
@RestController
class LogController {
    private final LogEnricher enricher;

    LogController(LogEnricher enricher) {
        this.enricher = enricher;
    }

    @PostMapping(path = "/api/logs/enrich", consumes = MediaType.ALL_VALUE)
    JsonNode enrich(@RequestBody String line) {
        return enricher.enrich(line);
    }
}
