package dev.plinth.demo.logs;

import dev.plinth.demo.web.RawBody;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Enriches log lines with the {@code log-enricher} plugin. */
@RestController
class LogController {
    private final LogEnricher enricher;

    LogController(LogEnricher enricher) {
        this.enricher = enricher;
    }

    /** Enriches one log line, read as sent whatever its content type. */
    @PostMapping(path = "/api/logs/enrich", consumes = MediaType.ALL_VALUE)
    JsonNode enrich(HttpServletRequest request) {
        return enricher.enrich(RawBody.text(request));
    }
}
