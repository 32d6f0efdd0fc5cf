package dev.plinth.demo.text;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Text features backed by the {@code text-transformer} plugin through its typed bean. */
@RestController
class TextController {
    private final TextTransformer transformer;

    TextController(TextTransformer transformer) {
        this.transformer = transformer;
    }

    /** Shouts the text back, with its vowel count. */
    @PostMapping(path = "/api/text/shout", consumes = MediaType.ALL_VALUE)
    Shout shout(@RequestBody String text,
            @RequestHeader(name = "X-Plinth-Routing-Key", required = false) String routingKey) {
        return new Shout(transformer.transform(text, routingKey), transformer.countVowels(text).count());
    }

    /** The answer of {@code /api/text/shout}. */
    record Shout(String text, int vowels) {
    }
}
