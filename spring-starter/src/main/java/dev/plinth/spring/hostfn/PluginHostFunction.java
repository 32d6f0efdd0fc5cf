package dev.plinth.spring.hostfn;

import dev.plinth.api.host.HostFunctionName;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Offers a method of a Spring bean to plugins as a host function that takes and returns memory
 * blocks, under {@code extism:host/user} or the {@link #namespace} it names: the guest passes one
 * memory block and gets one back. Only plugins whose manifest asks for the function
 * ({@code permissions.host-functions}, {@code "name"} or {@code "namespace::name"}) and whom the
 * policy grants it may import it. For a function over raw wasm values ({@code i32}, {@code i64},
 * {@code f32}, {@code f64}), declare a bean of type {@link dev.plinth.api.host.RawHostFunction}.
 *
 * <p>The method takes one argument: {@code byte[]} (the block as it is), {@code String} (UTF-8)
 * or any other type (read from JSON with the application's {@code JsonMapper}); it may also take a
 * {@link dev.plinth.api.host.HostCallContext} to learn which plugin calls. It returns
 * {@code byte[]}, {@code String}, any other type (written as JSON), {@code Optional} of those, or
 * null / void for "nothing" (the guest sees offset 0). An exception fails the plugin's call as a
 * trap that names the function; a {@code PluginException} passes through as it is.
 *
 * <pre>{@code
 * @Component
 * class ContextLookup {
 *     @PluginHostFunction("lookup-context")
 *     Map<String, String> lookup(String key) { return Map.of("region", "eu-west"); }
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PluginHostFunction {

    /** The import name plugins use, case-sensitive, for example {@code lookup-context}. */
    String value();

    /** The import module plugins use; Extism's {@code extism:host/user} unless set. */
    String namespace() default HostFunctionName.DEFAULT_NAMESPACE;
}
