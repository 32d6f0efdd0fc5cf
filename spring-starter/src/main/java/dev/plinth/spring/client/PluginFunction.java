package dev.plinth.spring.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the export a {@link PluginClient} method calls, and optionally the codecs of its input
 * and output. Without it, a method calls the export named like the method if the plugin has one,
 * else the export named like the method in snake_case ({@code countVowels} calls
 * {@code count_vowels}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PluginFunction {

    /** The export's name; empty means "derive it from the method's name". */
    String value() default "";

    /** How the argument is encoded; by default as the manifest's {@code [exports]} declares. */
    PayloadFormat input() default PayloadFormat.DECLARED;

    /** How the result is decoded; by default as the manifest's {@code [exports]} declares. */
    PayloadFormat output() default PayloadFormat.DECLARED;
}
