package dev.plinth.security.policy;

import dev.plinth.api.manifest.EnvironmentName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The environment variables the operator lets a plugin see through WASI's {@code environ_get}, and
 * nothing else: each with a fixed value ({@code env = { TZ = "UTC" }}) or with the value the host
 * process has when the plugin is loaded ({@code env = ["TZ", "LANG"]}; a variable the host does not
 * have is left out). A name given both ways takes the fixed value.
 *
 * @param fixed names with the value the operator wrote
 * @param fromHost names whose value is read from the host process
 */
public record EnvironmentGrant(Map<String, String> fixed, Set<String> fromHost) {
    /** No variables at all. */
    public static final EnvironmentGrant NONE = new EnvironmentGrant(Map.of(), Set.of());

    public EnvironmentGrant {
        Map<String, String> f = new LinkedHashMap<>();
        fixed.forEach((name, value) -> {
            EnvironmentName.check(name);
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("the value of environment variable " + name + " holds a NUL");
            }
            f.put(name, value);
        });
        fixed = Collections.unmodifiableMap(f);
        Set<String> h = new LinkedHashSet<>();
        for (String name : fromHost) {
            if (!f.containsKey(EnvironmentName.check(name))) {
                h.add(name);
            }
        }
        fromHost = Collections.unmodifiableSet(h);
    }

    /** Every name granted, fixed ones first. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>(fixed.keySet());
        names.addAll(fromHost);
        return names;
    }

    public boolean isEmpty() {
        return fixed.isEmpty() && fromHost.isEmpty();
    }

    /** Only the names in {@code asked}, in the order they were asked. */
    public EnvironmentGrant narrowedTo(Collection<String> asked) {
        Map<String, String> f = new LinkedHashMap<>();
        Set<String> h = new LinkedHashSet<>();
        for (String name : asked) {
            if (fixed.containsKey(name)) {
                f.put(name, fixed.get(name));
            } else if (fromHost.contains(name)) {
                h.add(name);
            }
        }
        return new EnvironmentGrant(f, h);
    }

    /** This grant and {@code more}'s together; where both name a variable, {@code more}'s way wins. */
    public EnvironmentGrant plus(EnvironmentGrant more) {
        Map<String, String> f = new LinkedHashMap<>(fixed);
        more.fromHost.forEach(f::remove);
        f.putAll(more.fixed);
        Set<String> h = new LinkedHashSet<>(fromHost);
        h.addAll(more.fromHost);
        return new EnvironmentGrant(f, h);
    }

    /**
     * The variables with their values, fixed ones as written, the others from {@code host} (such as
     * {@code System::getenv}); a host variable that is unset, or whose value holds a NUL, is left out.
     */
    public Map<String, String> resolve(Function<String, String> host) {
        Objects.requireNonNull(host, "host");
        Map<String, String> values = new LinkedHashMap<>(fixed);
        for (String name : fromHost) {
            String value = host.apply(name);
            if (value != null && value.indexOf('\0') < 0) {
                values.put(name, value);
            }
        }
        return values;
    }

    /**
     * {@code TZ (fixed), LANG (from the host)}, or {@code none}: names only, since a value may be
     * something the operator would not have in a report.
     */
    @Override
    public String toString() {
        if (isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        fixed.forEach((name, value) -> parts.add(name + " (fixed)"));
        fromHost.forEach(name -> parts.add(name + " (from the host)"));
        return String.join(", ", parts);
    }
}
