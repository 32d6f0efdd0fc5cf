package dev.plinth.spring.properties;

/** {@code plinth.web.*}: how plugin failures reach the clients of a web application. */
public class WebProperties {

    /**
     * Whether a plugin failure escaping a controller answers with RFC 9457 problem JSON (404 for a
     * missing plugin or export, 403, 413, 422 for a plugin's own error, 429, 503 with Retry-After
     * for limits, 500 for a broken plugin) instead of Spring's generic 500.
     */
    private boolean problemDetails = true;

    public boolean isProblemDetails() {
        return problemDetails;
    }

    public void setProblemDetails(boolean problemDetails) {
        this.problemDetails = problemDetails;
    }
}
