package dev.plinth.demo.api;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.PluginRegistry;
import dev.plinth.api.manifest.Codec;
import dev.plinth.api.manifest.ExportDeclaration;
import dev.plinth.demo.web.RawBody;
import dev.plinth.spring.ActivePlugins;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Calls any export of any plugin: the request body is the input, byte for byte whatever its
 * content type ({@link RawBody}), the response body the output, typed by the export's declared
 * output codec. Failures become problem JSON
 * ({@link PluginProblemHandler}).
 */
@RestController
class PluginCallController {
    /** The header whose value keeps a caller on one version while a canary runs. */
    static final String ROUTING_KEY_HEADER = "X-Plinth-Routing-Key";
    /** The header naming the version that served the call. */
    static final String VERSION_HEADER = "X-Plinth-Plugin-Version";

    private final PluginRegistry plugins;
    private final ActivePlugins activePlugins;

    PluginCallController(PluginRegistry plugins, ActivePlugins activePlugins) {
        this.plugins = plugins;
        this.activePlugins = activePlugins;
    }

    @PostMapping("/api/plugins/{name}/functions/{function}")
    ResponseEntity<byte[]> call(@PathVariable String name, @PathVariable String function,
            HttpServletRequest http,
            @RequestHeader(name = ROUTING_KEY_HEADER, required = false) String routingKey) {
        CallRequest request = CallRequest.of(name, function, RawBody.bytes(http))
                .withRoutingKey(routingKey);
        CallResult result = plugins.call(request);
        return ResponseEntity.ok()
                .contentType(contentType(name, function))
                .header(VERSION_HEADER, result.version())
                .body(result.output());
    }

    private MediaType contentType(String plugin, String function) {
        Codec output = activePlugins.active(plugin)
                .map(p -> p.manifest().exports().get(function))
                .map(ExportDeclaration::output)
                .orElse(Codec.BYTES);
        return switch (output) {
            case JSON -> MediaType.APPLICATION_JSON;
            case TEXT -> new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8);
            case BYTES -> MediaType.APPLICATION_OCTET_STREAM;
        };
    }
}
