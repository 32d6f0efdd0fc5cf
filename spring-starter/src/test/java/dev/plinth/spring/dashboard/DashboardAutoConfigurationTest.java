package dev.plinth.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.spring.SamplePlugins;
import dev.plinth.spring.autoconfigure.PlinthAutoConfiguration;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** The dashboard is opt-in, and only for servlet web applications. */
class DashboardAutoConfigurationTest {
    private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(JacksonAutoConfiguration.class,
            PlinthAutoConfiguration.class, PlinthDashboardAutoConfiguration.class);

    @Test
    void isOffUnlessEnabled(@TempDir Path dir) {
        SamplePlugins.copy(dir, "text-transformer");
        WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
                .withPropertyValues("plinth.plugins.dir=" + dir, "plinth.reload.enabled=false");
        web.run(context -> assertThat(context).doesNotHaveBean(DashboardController.class)
                .doesNotHaveBean(DashboardSampler.class));
        web.withPropertyValues("plinth.dashboard.enabled=true").run(context -> {
            assertThat(context).hasSingleBean(DashboardController.class).hasSingleBean(DashboardSampler.class);
            assertThat(context.getBean(DashboardSampler.class).current().plugins()).extracting("name")
                    .containsExactly("text-transformer");
        });
    }

    @Test
    void isAbsentOutsideAServletApplication(@TempDir Path dir) {
        new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
                .withPropertyValues("plinth.plugins.dir=" + dir, "plinth.reload.enabled=false",
                        "plinth.dashboard.enabled=true")
                .run(context -> assertThat(context).doesNotHaveBean(DashboardController.class));
    }
}
