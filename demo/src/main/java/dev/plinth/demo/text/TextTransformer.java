package dev.plinth.demo.text;

import dev.plinth.spring.client.PluginClient;
import dev.plinth.spring.client.RoutingKey;

/**
 * The {@code text-transformer} plugin as a bean. {@code transform} calls the export of that name
 * (text to text); {@code countVowels} calls {@code count_vowels} (text to JSON, read into a record).
 */
@PluginClient("text-transformer")
public interface TextTransformer {

    /** Transforms text as the plugin's config {@code mode} says (upper case by default). */
    String transform(String text, @RoutingKey String routingKey);

    /** Counts vowels; {@code total} is the plugin's running total across calls. */
    VowelCount countVowels(String text);

    /** What {@code count_vowels} returns. */
    record VowelCount(int count, long total, String vowels) {
    }
}
