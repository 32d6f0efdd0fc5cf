package dev.plinth.component.type;

import java.util.List;
import java.util.Objects;

/** The type of a component function: named parameters and zero or more results (one in current WIT). */
public record FuncType(List<ValueType.Field> params, List<ValueType> results) {
    public FuncType {
        params = List.copyOf(params);
        results = List.copyOf(results);
        params.forEach(p -> Objects.requireNonNull(p, "param"));
    }

    /** The WIT spelling, e.g. {@code func(a: u32, b: string) -> bool}. */
    public String wit() {
        String ps = String.join(", ", params.stream().map(p -> p.name() + ": " + p.type().wit()).toList());
        String rs = switch (results.size()) {
            case 0 -> "";
            case 1 -> " -> " + results.get(0).wit();
            default -> " -> (" + String.join(", ", results.stream().map(ValueType::wit).toList()) + ")";
        };
        return "func(" + ps + ")" + rs;
    }
}
