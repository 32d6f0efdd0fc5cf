package dev.plinth.demo.validation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.plinth.spring.client.PluginClient;
import java.util.List;

/** The {@code data-validator} plugin as a bean, typed with records both ways. */
@PluginClient(plugin = "data-validator")
public interface DataValidator {

    /** One verdict per customer, in order. */
    List<Verdict> validate(List<Customer> customers);

    /** A record to check; absent fields are left out of the JSON. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Customer(Long id, String email, String name, String city, Integer age) {
    }

    /** The plugin's verdict on one record. */
    record Verdict(int index, boolean valid, List<String> errors) {
    }
}
