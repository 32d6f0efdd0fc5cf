package dev.plinth.spring.info;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.spring.autoconfigure.PlinthInfoAutoConfiguration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.info.InfoContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.info.InfoEndpointAutoConfiguration;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code /actuator/info} shows the Plinth and Chicory versions the build used (handed to the test
 * by the build, not written in it) and the JVM the application runs on.
 */
class PlinthInfoContributorTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(InfoEndpointAutoConfiguration.class,
                    InfoContributorAutoConfiguration.class, PlinthInfoAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=info");

    @Test
    @SuppressWarnings("unchecked")
    void showsPlinthChicoryAndTheJvm() {
        runner.run(context -> {
            Map<String, Object> plinth = (Map<String, Object>) context.getBean(InfoEndpoint.class).info().get("plinth");
            assertThat(plinth).containsEntry("version", System.getProperty("plinth.expected.version"))
                    .containsEntry("chicory", System.getProperty("plinth.expected.chicory"));
            assertThat(System.getProperty("plinth.expected.chicory")).matches("\\d+\\.\\d+\\.\\d+.*");
            assertThat((Map<String, Object>) plinth.get("jvm"))
                    .containsEntry("vendor", System.getProperty("java.vm.vendor"))
                    .containsEntry("version", Runtime.version().toString());
        });
    }

    @Test
    void turnsOffWithTheActuatorsOwnSwitch() {
        runner.withPropertyValues("management.info.plinth.enabled=false")
                .run(context -> assertThat(context.getBean(InfoEndpoint.class).info()).doesNotContainKey("plinth"));
    }
}
