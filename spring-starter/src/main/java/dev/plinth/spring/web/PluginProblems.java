package dev.plinth.spring.web;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginFailureException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * How a {@link PluginException} reads as RFC 9457 problem JSON: the status that fits its error
 * code, a {@code type} ending with the stable code ({@code https://plinth.dev/errors/timeout}), the
 * code again as {@code code}, and {@code Retry-After} where trying again later can succeed. The
 * starter's MVC and WebFlux handlers use it; an application that writes its own handler can too.
 */
public final class PluginProblems {
    /** What every problem {@code type} starts with; the error code follows. */
    public static final String TYPE_BASE = "https://plinth.dev/errors/";

    private PluginProblems() {
    }

    /** The problem response for {@code failure}, raised while serving {@code path}. */
    public static ResponseEntity<ProblemDetail> response(PluginException failure, String path) {
        HttpStatus status = statusOf(failure.code());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (status == HttpStatus.TOO_MANY_REQUESTS || status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(problem(failure, path));
    }

    /** The problem body for {@code failure}, raised while serving {@code path}. */
    public static ProblemDetail problem(PluginException failure, String path) {
        ErrorCode code = failure.code();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(statusOf(code), failure.getMessage());
        problem.setType(URI.create(TYPE_BASE + code.code()));
        problem.setTitle(titleOf(code));
        if (path != null) {
            problem.setInstance(URI.create(path));
        }
        problem.setProperty("code", code.code());
        if (failure instanceof PluginFailureException pluginFailure) {
            problem.setProperty("pluginMessage", pluginFailure.pluginMessage());
        }
        return problem;
    }

    /**
     * The HTTP status of each error code: the caller's mistakes are 4xx (no such plugin or export,
     * not allowed, too large, refused by the plugin, too many at once), limits that a later call
     * can stay within are 503, and a broken plugin is 500.
     */
    public static HttpStatus statusOf(ErrorCode code) {
        return switch (code) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case PLUGIN_ERROR -> HttpStatus.UNPROCESSABLE_CONTENT;
            case BUSY -> HttpStatus.TOO_MANY_REQUESTS;
            case FUEL_EXHAUSTED, MEMORY_LIMIT, TIMEOUT -> HttpStatus.SERVICE_UNAVAILABLE;
            case TRAP, INVALID_MODULE, INVALID_MANIFEST, INCOMPATIBLE, SIGNATURE -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    private static String titleOf(ErrorCode code) {
        return switch (code) {
            case NOT_FOUND -> "Plugin or function not found";
            case PERMISSION_DENIED -> "Permission denied";
            case TOO_LARGE -> "Payload too large";
            case PLUGIN_ERROR -> "The plugin reported an error";
            case BUSY -> "Plugin busy";
            case FUEL_EXHAUSTED -> "Instruction budget exhausted";
            case MEMORY_LIMIT -> "Memory limit reached";
            case TIMEOUT -> "Plugin call timed out";
            case TRAP -> "The plugin trapped";
            case INVALID_MODULE -> "Invalid plugin module";
            case INVALID_MANIFEST -> "Invalid plugin manifest";
            case INCOMPATIBLE -> "Incompatible plugin";
            case SIGNATURE -> "Plugin signature rejected";
        };
    }
}
