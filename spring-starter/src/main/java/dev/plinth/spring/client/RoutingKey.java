package dev.plinth.spring.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@link PluginClient} method parameter whose value (its {@code toString()}, such as a
 * user id) keeps calls on one plugin version while a canary runs: the same key always lands on the
 * same version. It is not sent to the plugin. A null value routes like a call without a key.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RoutingKey {
}
