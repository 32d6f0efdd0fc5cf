package dev.plinth.host.internal.component;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of {@code wit/plinth.wit}'s host service interfaces as a component imports them
 * ({@code plinth:plugin/kv-store@0.1.0}); any 0.1.x version is accepted.
 */
final class PlinthInterfaces {
    /** The service interfaces, without package and version. */
    static final List<String> SERVICES = List.of("logger", "kv-store", "events", "data-dir", "http-client");

    private static final Pattern VERSIONED = Pattern.compile("plinth:plugin/([a-z-]+)@0\\.1\\.\\d+");

    private PlinthInterfaces() {
    }

    /** {@code kv-store} for {@code plinth:plugin/kv-store@0.1.N}, or {@code null} for anything else. */
    static String service(String interfaceName) {
        Matcher m = VERSIONED.matcher(interfaceName);
        return m.matches() && SERVICES.contains(m.group(1)) ? m.group(1) : null;
    }

    /** {@code kv-store#get} for {@code plinth:plugin/kv-store@0.1.N#get}, or {@code null}. */
    static String unversioned(String name) {
        int hash = name.indexOf('#');
        if (hash < 0) {
            return null;
        }
        String service = service(name.substring(0, hash));
        return service == null ? null : service + name.substring(hash);
    }
}
