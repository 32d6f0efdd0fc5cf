package dev.plinth.spring.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a {@link PluginClient} method a batch: it takes a {@code List<T>} and returns a
 * {@code List<BatchItem<R>>}, one call of the export per element through
 * {@link dev.plinth.api.PluginRegistry#callAll}, at most {@link #parallelism()} at once, within
 * {@link #deadline()} for the whole batch, the results in the order of the elements and one
 * failing element failing alone. Each element is encoded, and each output decoded, as the same
 * method without the list would do it.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PluginBatch {

    /** How many calls of the batch run at once. */
    int parallelism() default 4;

    /** The deadline of the whole batch, as {@link java.time.Duration#parse} reads it. */
    String deadline() default "PT1M";
}
