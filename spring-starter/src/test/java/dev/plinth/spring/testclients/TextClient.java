package dev.plinth.spring.testclients;

import dev.plinth.api.CallResult;
import dev.plinth.spring.client.BatchItem;
import dev.plinth.spring.client.PayloadFormat;
import dev.plinth.spring.client.PluginBatch;
import dev.plinth.spring.client.PluginClient;
import dev.plinth.spring.client.PluginFunction;
import dev.plinth.spring.client.RoutingKey;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A typed client of {@code text-transformer} with every supported shape. */
@PluginClient(plugin = "text-transformer")
public interface TextClient {

    String transform(String text);

    String transform(@RoutingKey String user, String text);

    VowelCount countVowels(String text);

    @PluginFunction("count_vowels")
    JsonNode vowelsAsTree(String text);

    @PluginFunction("count_vowels")
    CallResult vowelsRaw(String text);

    byte[] echo(byte[] bytes);

    @PluginFunction(value = "echo", input = PayloadFormat.JSON, output = PayloadFormat.JSON)
    VowelCount echoAsJson(VowelCount count);

    String missingExport(String text);

    @PluginBatch(parallelism = 2, deadline = "PT30S")
    @PluginFunction("count_vowels")
    List<BatchItem<VowelCount>> countVowelsOfEach(List<String> texts);

    default String shout(String text) {
        return transform(text) + "!";
    }

    /** {@code count_vowels}' JSON. */
    record VowelCount(int count, long total, String vowels) {
    }
}
