package dev.plinth.abi;

import dev.plinth.api.unit.TextCap;
import dev.plinth.sandbox.net.PluginHttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the request block of {@code http_request}: Extism's {@code HttpRequest} as JSON,
 * {@code {"url": "...", "method": "GET", "headers": {"name": "value"}}}. As in Extism, {@code url}
 * is required, {@code method} may be absent or null (GET), {@code headers} may be absent, header
 * values are strings, and other fields are refused (Extism's manifest type denies unknown fields,
 * so a plugin that sends more would fail there too). Plinth also takes {@code "headers": null} as
 * no headers.
 */
final class ExtismHttpRequest {
    static final String FUNCTION = "http_request";
    private static final Set<String> FIELDS = Set.of("url", "method", "headers");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ExtismHttpRequest() {
    }

    /** Parses the request block; {@code body} is the body block's bytes (empty for none). */
    static PluginHttpRequest parse(byte[] json, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw bad("the request is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad("the request must be a JSON object {\"url\", \"method\", \"headers\"}");
        }
        for (String field : root.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw bad("unknown field \"" + TextCap.chars(field, 128) + "\" in the request; expected url, method, headers");
            }
        }
        JsonNode url = root.get("url");
        if (url == null || !url.isString()) {
            throw bad("the request needs \"url\" as a string");
        }
        JsonNode method = root.get("method");
        if (method != null && !method.isNull() && !method.isString()) {
            throw bad("\"method\" must be a string");
        }
        return new PluginHttpRequest(method == null || method.isNull() ? "GET" : method.asString(), url.asString(),
                headers(root.get("headers")), body);
    }

    private static Map<String, String> headers(JsonNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            throw bad("\"headers\" must be an object of strings");
        }
        for (Map.Entry<String, JsonNode> header : node.properties()) {
            if (!header.getValue().isString()) {
                throw bad("header \"" + TextCap.chars(header.getKey(), 128) + "\" must have a string value");
            }
            headers.put(header.getKey(), header.getValue().asString());
        }
        return headers;
    }

    private static AbiViolation bad(String problem) {
        return new AbiViolation(FUNCTION, problem);
    }

    /** The response headers as the JSON object block {@code http_headers} returns. */
    static byte[] headersJson(Map<String, String> headers) {
        return JSON.writeValueAsBytes(headers);
    }
}
