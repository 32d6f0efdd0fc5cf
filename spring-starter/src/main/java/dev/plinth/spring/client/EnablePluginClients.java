package dev.plinth.spring.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Registers the {@link PluginClient} interfaces of the named packages as beans, like Spring Data's
 * {@code @Enable...Repositories}. Without it, the starter scans the application's own packages
 * (those of its {@code @SpringBootApplication}); with it, only the packages named here.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(PluginClientsRegistrar.class)
public @interface EnablePluginClients {

    /** Packages to scan, sub-packages included. */
    String[] basePackages() default {};

    /** Classes whose packages are scanned: a type-safe {@link #basePackages()}. */
    Class<?>[] basePackageClasses() default {};

    /** Interfaces to register as they are, without scanning. */
    Class<?>[] clients() default {};
}
