package dev.plinth.demo.validation;

import dev.plinth.demo.validation.DataValidator.Customer;
import dev.plinth.demo.validation.DataValidator.Verdict;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Validates customer records with the {@code data-validator} plugin. */
@RestController
class ValidationController {
    private final DataValidator validator;

    ValidationController(DataValidator validator) {
        this.validator = validator;
    }

    @PostMapping("/api/validate")
    Report validate(@RequestBody List<Customer> customers) {
        List<Verdict> verdicts = validator.validate(customers);
        return new Report(verdicts.stream().allMatch(Verdict::valid), verdicts);
    }

    /** Whether every record passed, and each verdict. */
    record Report(boolean valid, List<Verdict> verdicts) {
    }
}
