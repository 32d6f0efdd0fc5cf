package dev.plinth.demo.api;

import dev.plinth.api.CallRequest;
import dev.plinth.api.PluginRegistry;
import dev.plinth.api.batch.BatchResult;
import dev.plinth.api.error.PluginException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Calls one export with many inputs at once through {@link PluginRegistry#callAll}: at most
 * {@code parallelism} at a time, within {@code deadlineMillis} for the whole batch, each input's
 * outcome in order, a failing one not failing the others. Inputs and outputs are UTF-8 text.
 */
@RestController
class BatchCallController {
    /** The most inputs one request may carry, and the most calls it may run at once. */
    static final int MAX_INPUTS = 10_000;
    static final int MAX_PARALLELISM = 16;

    private final PluginRegistry plugins;

    BatchCallController(PluginRegistry plugins) {
        this.plugins = plugins;
    }

    /**
     * The request body.
     *
     * @param inputs one input per call, as UTF-8 text
     * @param parallelism how many calls run at once (default 4)
     * @param deadlineMillis the deadline for the whole batch (default 30 s)
     */
    record BatchRequest(List<String> inputs, Integer parallelism, Long deadlineMillis) {
    }

    /** One call's outcome: its output, or its error's code and message. */
    record ItemResult(String output, String version, String code, String message) {
        static ItemResult of(BatchResult result) {
            if (result.succeeded()) {
                return new ItemResult(new String(result.result().output(), StandardCharsets.UTF_8),
                        result.result().version(), null, null);
            }
            PluginException error = result.failure().orElseThrow();
            return new ItemResult(null, null, error.code().code(), error.getMessage());
        }
    }

    /** The batch's outcome: one result per input, in order, and how many succeeded. */
    record BatchResponse(List<ItemResult> results, int succeeded, int failed, long elapsedMillis) {
    }

    @PostMapping("/api/plugins/{name}/functions/{function}/batch")
    BatchResponse callAll(@PathVariable String name, @PathVariable String function,
            @RequestBody BatchRequest body) {
        if (body.inputs() == null || body.inputs().size() > MAX_INPUTS) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "\"inputs\" must be a list of at most "
                    + MAX_INPUTS + " strings");
        }
        int parallelism = body.parallelism() == null ? 4 : body.parallelism();
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "\"parallelism\" must be 1 to "
                    + MAX_PARALLELISM + ", was " + parallelism);
        }
        long deadline = body.deadlineMillis() == null ? 30_000 : body.deadlineMillis();
        if (deadline < 1 || deadline > 600_000) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "\"deadlineMillis\" must be 1 to 600000, was "
                    + deadline);
        }
        List<CallRequest> requests = new ArrayList<>(body.inputs().size());
        for (String input : body.inputs()) {
            requests.add(CallRequest.of(name, function, (input == null ? "" : input).getBytes(StandardCharsets.UTF_8)));
        }
        long started = System.nanoTime();
        List<BatchResult> results = plugins.callAll(requests, parallelism, Duration.ofMillis(deadline));
        long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
        int succeeded = (int) results.stream().filter(BatchResult::succeeded).count();
        return new BatchResponse(results.stream().map(ItemResult::of).toList(), succeeded,
                results.size() - succeeded, elapsed);
    }
}
