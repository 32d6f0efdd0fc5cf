package dev.plinth.demo.api;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginFailureException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns plugin failures into RFC 9457 problem JSON: {@code type} ends with the stable error code
 * (for example {@code https://plinth.dev/errors/plugin-error}), {@code code} repeats it, and the
 * status fits the failure.
 */
@RestControllerAdvice
class PluginProblemHandler {
    static final String TYPE_BASE = "https://plinth.dev/errors/";

    @ExceptionHandler(PluginException.class)
    ResponseEntity<ProblemDetail> pluginFailed(PluginException e, HttpServletRequest request) {
        HttpStatus status = statusOf(e.code());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setType(URI.create(TYPE_BASE + e.code().code()));
        problem.setTitle(titleOf(e.code()));
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("code", e.code().code());
        if (e instanceof PluginFailureException failure) {
            problem.setProperty("pluginMessage", failure.pluginMessage());
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (status == HttpStatus.TOO_MANY_REQUESTS || status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(problem);
    }

    /** The HTTP status of each error code. */
    static HttpStatus statusOf(ErrorCode code) {
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
