package dev.plinth.spring.info;

import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * {@code plinth} in {@code /actuator/info}: the Plinth and Chicory versions the application runs
 * and the JVM's vendor and version, the first things to ask when a plugin behaves differently on
 * two hosts. Turned off with {@code management.info.plinth.enabled=false}.
 */
public final class PlinthInfoContributor implements InfoContributor {
    private final Map<String, Object> details = Map.of(
            "version", BuildVersions.plinth(),
            "chicory", BuildVersions.chicory(),
            "jvm", Map.of("vendor", System.getProperty("java.vm.vendor", BuildVersions.UNKNOWN),
                    "version", Runtime.version().toString()));

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("plinth", details);
    }
}
