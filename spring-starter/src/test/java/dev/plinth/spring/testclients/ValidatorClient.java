package dev.plinth.spring.testclients;

import dev.plinth.spring.client.PluginClient;
import java.util.List;
import java.util.Map;

/** A typed client of {@code data-validator}: maps in, records out. */
@PluginClient("data-validator")
public interface ValidatorClient {

    List<Verdict> validate(List<Map<String, Object>> records);

    /** One verdict. */
    record Verdict(int index, boolean valid, List<String> errors) {
    }
}
