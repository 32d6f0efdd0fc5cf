package dev.plinth.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Plinth demo: a web application whose features are WebAssembly plugins from its
 * {@code plugins/} folder (relative to the working directory; see {@code application.yml}). It
 * calls them through typed plugin beans ({@code /api/text}, {@code /api/validate},
 * {@code /api/logs}) and untyped ({@code /api/plugins/{name}/functions/{function}}), offers them a
 * host function, and shows them on {@code /actuator/plugins}.
 */
@SpringBootApplication
public class PlinthDemoApplication {

    public static void main(String[] args) {
        SpringApplication.run(PlinthDemoApplication.class, args);
    }
}
