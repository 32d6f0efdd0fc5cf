package dev.plinth.spring.web;

import dev.plinth.api.error.PluginException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a {@link PluginException} escaping a Spring MVC controller with problem JSON
 * ({@link PluginProblems}) instead of a 500. Ordered last, so an application's own
 * {@code @ExceptionHandler} for plugin exceptions wins; {@code plinth.web.problem-details=false}
 * leaves it out.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ServletPluginProblemHandler {

    @ExceptionHandler(PluginException.class)
    ResponseEntity<ProblemDetail> pluginFailed(PluginException failure, HttpServletRequest request) {
        return PluginProblems.response(failure, request.getRequestURI());
    }
}
