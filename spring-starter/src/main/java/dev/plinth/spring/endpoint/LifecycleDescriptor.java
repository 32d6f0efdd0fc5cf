package dev.plinth.spring.endpoint;

import dev.plinth.api.deploy.RetryState;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.lifecycle.PluginMetadata;
import dev.plinth.host.PluginVersion;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /actuator/plugins/{name}/lifecycle}: what the serving version's lifecycle exports say
 * (its metadata from load, its status asked for now) and, when its last load failed for a reason
 * that can pass, when it is tried again.
 *
 * @param lifecycleExports the lifecycle exports the serving version has
 * @param metadata what its {@code plinth_metadata} returned at load, or {@code null}
 * @param status what its {@code plinth_status} returns now (JSON text), or {@code null}
 * @param statusError why {@code plinth_status} failed ({@code [code] message}), or {@code null}
 * @param retry the retry waiting for its files, or {@code null}
 */
public record LifecycleDescriptor(List<String> lifecycleExports, PluginMetadata metadata, String status,
        String statusError, RetryDescriptor retry) {

    /**
     * A retry waiting.
     *
     * @param attempts how many loads of these files failed so far
     * @param nextAttemptAt when the next starts
     * @param lastError the code of the last failure, and its message
     */
    public record RetryDescriptor(String source, int attempts, String nextAttemptAt, String lastError,
            String lastMessage) {
        static RetryDescriptor of(RetryState state) {
            return new RetryDescriptor(state.source().toString(), state.attempts(), state.nextAttemptAt().toString(),
                    state.lastError().code(), state.lastMessage());
        }
    }

    static LifecycleDescriptor of(Optional<PluginVersion> serving, Optional<RetryState> retry) {
        String status = null;
        String statusError = null;
        if (serving.isPresent()) {
            try {
                status = serving.get().status().orElse(null);
            } catch (PluginException e) {
                statusError = "[" + e.code() + "] " + e.getMessage();
            }
        }
        return new LifecycleDescriptor(serving.map(PluginVersion::lifecycleExports).orElse(List.of()),
                serving.flatMap(PluginVersion::metadata).orElse(null), status, statusError,
                retry.map(RetryDescriptor::of).orElse(null));
    }
}
