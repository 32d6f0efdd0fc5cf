package dev.plinth.spring.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;

/**
 * Marks an interface as a typed client of one plugin: the starter registers a bean that
 * implements it, whose methods call the plugin's exports. Interfaces in the application's
 * packages (those of its {@code @SpringBootApplication}) are found on their own; elsewhere, name
 * their packages with {@link EnablePluginClients}.
 *
 * <pre>{@code
 * @PluginClient("text-transformer")
 * interface TextTransformer {
 *     String transform(String text);                       // export "transform", text -> text
 *     VowelCount countVowels(String text);                 // export "count_vowels", text -> json
 *     @PluginFunction("echo") byte[] echoBytes(byte[] in); // export named explicitly
 * }
 * }</pre>
 *
 * <p>Each method call finds the plugin's serving version anew, so the bean keeps working across
 * reloads. Failures are the plugin-api exceptions ({@code PluginNotFoundException},
 * {@code PluginFailureException}, ...), each with its stable error code.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PluginClient {

    /** Alias for {@link #plugin()}. */
    @AliasFor("plugin")
    String value() default "";

    /** The plugin's name, as in its {@code plugin.toml} (or its bare {@code .wasm} file's name). */
    @AliasFor("value")
    String plugin() default "";
}
