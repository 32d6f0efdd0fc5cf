package dev.plinth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plinth bindgen} on a real WIT package directory with deps/, and on broken WIT. */
class BindgenCommandTest {
    private static final Path APP = Path.of("../component/src/test/resources/wit/app");

    @TempDir
    Path dir;

    @Test
    void writesTheSourcesOfAWorldAndListsThem() throws Exception {
        Path out = dir.resolve("gen");
        Cli.Result r = Cli.run("bindgen", APP.toString(), "--world", "plugin", "--package", "com.example.app",
                "--out", out.toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.OK);
        Path pkg = out.resolve("com/example/app");
        assertThat(r.out().lines()).contains(pkg.resolve("Plugin.java").toString(), pkg.resolve("Types.java").toString(),
                pkg.resolve("Processing.java").toString(), pkg.resolve("PluginImports.java").toString());
        String types = Files.readString(pkg.resolve("Types.java"));
        assertThat(types).contains("package com.example.app;", "record Request(",
                "@Wit(\"request-id\") String requestId", "sealed interface Outcome",
                "enum Level", "interface Session extends Resource");
        assertThat(Files.readString(pkg.resolve("Processing.java")))
                .contains("Result<Types.Outcome, String> process(Types.Request req);");
    }

    @Test
    void springClientWritesThePluginClientInterface() throws Exception {
        Path out = dir.resolve("gen");
        Cli.Result r = Cli.run("bindgen", APP.toString(), "--world", "plugin", "--package", "com.example.app",
                "--out", out.toString(), "--spring-client", "image-processor");
        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.OK);
        Path client = out.resolve("com/example/app/ImageProcessorClient.java");
        assertThat(r.out().lines()).contains(client.toString());
        assertThat(Files.readString(client)).contains("@dev.plinth.spring.client.PluginClient(\"image-processor\")",
                "public interface ImageProcessorClient extends Plugin, Processing {");
        Cli.Result bad = Cli.run("bindgen", APP.toString(), "--world", "plugin", "--package", "p", "--out",
                out.toString(), "--spring-client", "Not A Name");
        assertThat(bad.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.firstErrLine()).contains("`Not A Name` is not a plugin name");
    }

    @Test
    void brokenWitIsAUsageErrorThatSaysWhere() throws Exception {
        Path wit = dir.resolve("broken.wit");
        Files.writeString(wit, "package a:b;\ninterface i {\n  f: func(x: u32 -> u32;\n}\n");
        Cli.Result r = Cli.run("bindgen", wit.toString(), "--package", "p", "--out", dir.resolve("o").toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.firstErrLine()).isEqualTo("plinth: " + wit + ":3:18: expected `,` or `)` after the parameter `x`, found `->`");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void anUnknownWorldIsNamedWithTheChoices() {
        Cli.Result r = Cli.run("bindgen", APP.toString(), "--world", "nope", "--package", "p", "--out", dir.toString());
        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.firstErrLine()).isEqualTo("plinth: no world or interface `nope` in package my:app@1.2.0-rc.1+build.5 "
                + "(it has world plugin, world plugin-with-cli, interface types, interface processing)");
        Cli.Result missing = Cli.run("bindgen", dir.resolve("none.wit").toString(), "--package", "p", "--out", dir.toString());
        assertThat(missing.firstErrLine()).isEqualTo("plinth: no such file or directory: " + dir.resolve("none.wit"));
    }
}
