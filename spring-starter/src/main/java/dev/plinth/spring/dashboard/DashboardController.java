package dev.plinth.spring.dashboard;

import dev.plinth.spring.endpoint.PluginDescriptors.Problem;
import dev.plinth.spring.endpoint.PluginsEndpoint;
import dev.plinth.spring.web.PluginProblems;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The dashboard's page and its small JSON API under {@code /plinth/api}: the state the page shows,
 * one plugin's detail and the operator actions, which are the {@code plugins} actuator endpoint's
 * (so the dashboard and {@code POST /actuator/plugins/{name}} behave alike), and the live stream.
 */
@RestController
final class DashboardController {
    static final String PAGE = "dev/plinth/spring/dashboard/static/index.html";

    private final PluginsEndpoint plugins;
    private final DashboardSampler sampler;
    private final DashboardEvents events;
    private final boolean actionsEnabled;

    DashboardController(PluginsEndpoint plugins, DashboardSampler sampler, DashboardEvents events,
            boolean actionsEnabled) {
        this.plugins = plugins;
        this.sampler = sampler;
        this.events = events;
        this.actionsEnabled = actionsEnabled;
    }

    /** The body of {@code POST /plinth/api/plugins/{name}}, as the actuator takes it. */
    record ActionRequest(@Nullable String action, @Nullable Integer weight, @Nullable String version) {
    }

    @GetMapping({"/plinth", "/plinth/"})
    ResponseEntity<Resource> page() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache())
                .body(new ClassPathResource(PAGE));
    }

    @GetMapping(path = "/plinth/api/state", produces = MediaType.APPLICATION_JSON_VALUE)
    DashboardState state() {
        return sampler.current();
    }

    @GetMapping(path = "/plinth/api/plugins/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> plugin(@PathVariable String name) {
        return answer(plugins.plugin(name));
    }

    @PostMapping(path = "/plinth/api/plugins/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> act(@PathVariable String name, @RequestBody(required = false) @Nullable ActionRequest request) {
        if (!actionsEnabled) {
            return ResponseEntity.status(403).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(new Problem(PluginProblems.TYPE_BASE + "dashboard-read-only", "Forbidden", 403,
                            "the dashboard is read-only: set plinth.dashboard.actions-enabled=true to act on plugins"));
        }
        ActionRequest body = request == null ? new ActionRequest(null, null, null) : request;
        ResponseEntity<Object> answer = answer(plugins.act(name, body.action(), body.weight(), body.version()));
        sampler.sample();
        return answer;
    }

    @GetMapping(path = "/plinth/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events() {
        return events.subscribe(sampler.current());
    }

    private static ResponseEntity<Object> answer(WebEndpointResponse<Object> response) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(response.getStatus());
        if (response.getBody() instanceof Problem) {
            builder.contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        return builder.body(response.getBody());
    }
}
