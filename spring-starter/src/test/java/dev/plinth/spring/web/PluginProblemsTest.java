package dev.plinth.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.error.ErrorCode;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every error code has its HTTP status, including those no HTTP test can provoke yet. */
class PluginProblemsTest {

    @Test
    void mapsEveryCode() {
        Map<ErrorCode, Integer> expected = new EnumMap<>(ErrorCode.class);
        expected.put(ErrorCode.NOT_FOUND, 404);
        expected.put(ErrorCode.PERMISSION_DENIED, 403);
        expected.put(ErrorCode.TOO_LARGE, 413);
        expected.put(ErrorCode.PLUGIN_ERROR, 422);
        expected.put(ErrorCode.BUSY, 429);
        expected.put(ErrorCode.TRAP, 500);
        expected.put(ErrorCode.INVALID_MODULE, 500);
        expected.put(ErrorCode.INVALID_MANIFEST, 500);
        expected.put(ErrorCode.INCOMPATIBLE, 500);
        expected.put(ErrorCode.SIGNATURE, 500);
        expected.put(ErrorCode.FUEL_EXHAUSTED, 503);
        expected.put(ErrorCode.MEMORY_LIMIT, 503);
        expected.put(ErrorCode.TIMEOUT, 503);
        assertThat(expected).hasSize(ErrorCode.values().length);
        expected.forEach((code, status) -> assertThat(PluginProblems.statusOf(code).value())
                .as(code.code()).isEqualTo(status));
    }
}
