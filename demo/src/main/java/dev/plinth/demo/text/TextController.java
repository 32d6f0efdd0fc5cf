package dev.plinth.demo.text;

import dev.plinth.demo.web.RawBody;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Text features backed by the {@code text-transformer} plugin through its typed bean. */
@RestController
class TextController {
    private final TextTransformer transformer;

    TextController(TextTransformer transformer) {
        this.transformer = transformer;
    }

    /** Shouts the text back, with its vowel count; the body is read as sent, whatever its content type. */
    @PostMapping(path = "/api/text/shout", consumes = MediaType.ALL_VALUE)
    Shout shout(HttpServletRequest request,
            @RequestHeader(name = "X-Plinth-Routing-Key", required = false) String routingKey) {
        String text = RawBody.text(request);
        return new Shout(transformer.transform(text, routingKey), transformer.countVowels(text).count());
    }

    /** The answer of {@code /api/text/shout}. */
    record Shout(String text, int vowels) {
    }
}
