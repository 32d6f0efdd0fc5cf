package dev.plinth.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goal in a real Maven run: the repository's ./mvnw, offline, builds a small application whose
 * pom runs {@code plinth:bindgen} on a WIT package and whose hand-written class implements the
 * generated world interface. The plugin, bindgen and component jars are made from this build's
 * classes into a repository of the test's own (so nothing is installed into ~/.m2, which the run
 * reads as a second, read-only repository for Maven's own plugins).
 */
class MavenRunTest {
    private static final String VERSION = System.getProperty("plinth.version", "0.1.0-SNAPSHOT");

    @TempDir
    Path dir;

    @Test
    void anApplicationCompilesAgainstTheGeneratedWorld() throws Exception {
        Path repo = dir.resolve("repo");
        install(repo, "component", "jar", Path.of("../component/target/classes"), "");
        install(repo, "bindgen", "jar", Path.of("../bindgen/target/classes"), dependency("component"));
        install(repo, "plinth-maven-plugin", "maven-plugin", Path.of("target/classes"), dependency("bindgen"));

        Path app = dir.resolve("app");
        copyTree(BindgenMojoTest.APP, app.resolve("wit"));
        Files.createDirectories(app.resolve(".mvn/wrapper"));
        Files.copy(Path.of("../.mvn/wrapper/maven-wrapper.properties"), app.resolve(".mvn/wrapper/maven-wrapper.properties"));
        Files.writeString(app.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>app</artifactId>
                  <version>1.0</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                    <dependency>
                      <groupId>dev.plinth</groupId>
                      <artifactId>component</artifactId>
                      <version>%1$s</version>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-resources-plugin</artifactId>
                        <version>3.3.1</version>
                      </plugin>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>3.14.1</version>
                      </plugin>
                      <plugin>
                        <groupId>dev.plinth</groupId>
                        <artifactId>plinth-maven-plugin</artifactId>
                        <version>%1$s</version>
                        <executions>
                          <execution>
                            <goals><goal>bindgen</goal></goals>
                            <configuration>
                              <wit>${project.basedir}/wit</wit>
                              <world>plugin</world>
                              <javaPackage>com.example.app</javaPackage>
                            </configuration>
                          </execution>
                        </executions>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(VERSION));
        Path main = app.resolve("src/main/java/com/example/host/Host.java");
        Files.createDirectories(main.getParent());
        Files.writeString(main, """
                package com.example.host;

                import com.example.app.Plugin;
                import com.example.app.Processing;
                import com.example.app.Types;
                import dev.plinth.component.binding.Result;
                import java.util.EnumSet;
                import java.util.List;
                import java.util.Optional;

                /** Code an application writes against the plugin's contract. */
                public class Host implements Plugin {
                    @Override
                    public EnumSet<Types.Features> capabilities() {
                        return EnumSet.of(Types.Features.FAST, Types.Features.HDR_OUTPUT);
                    }

                    static String handle(Processing processing) {
                        Types.Request request = new Types.Request("r1", new byte[] {1, 2}, List.of(), Optional.of(5L));
                        Result<Types.Outcome, String> result = processing.process(request);
                        if (result instanceof Result.Ok<Types.Outcome, String> ok && ok.value() instanceof Types.Outcome.Done done) {
                            return String.join(",", done.value());
                        }
                        return result.errValue().orElse("retry or failed");
                    }
                }
                """);

        Path mvnw = Path.of(System.getProperty("plinth.mvnw", "../mvnw")).toAbsolutePath().normalize();
        String tail = System.getProperty("plinth.localRepository", System.getProperty("user.home") + "/.m2/repository");
        ProcessBuilder pb = new ProcessBuilder(mvnw.toString(), "-o", "-B", "--no-transfer-progress",
                "-Dmaven.repo.local=" + repo, "-Dmaven.repo.local.tail=" + tail, "compile")
                .directory(app.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("build.log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process build = pb.start();
        boolean done = build.waitFor(5, TimeUnit.MINUTES);
        if (!done) {
            build.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("build.log"));
        assertThat(done).as(log).isTrue();
        assertThat(build.exitValue()).as(log).isZero();
        assertThat(log).contains("plinth bindgen: ").contains("Java sources from");
        Path classes = app.resolve("target/classes");
        assertThat(classes.resolve("com/example/host/Host.class")).isRegularFile();
        assertThat(classes.resolve("com/example/app/Types$Request.class")).isRegularFile();
        assertThat(classes.resolve("com/example/app/PluginImports.class")).isRegularFile();
        assertThat(app.resolve("target/generated-sources/plinth/com/example/app/Processing.java")).isRegularFile();
    }

    private static String dependency(String artifact) {
        return """
                  <dependencies>
                    <dependency>
                      <groupId>dev.plinth</groupId>
                      <artifactId>%s</artifactId>
                      <version>%s</version>
                    </dependency>
                  </dependencies>
                """.formatted(artifact, VERSION);
    }

    /** A jar of {@code classes} and a pom without a parent, where Maven's local repository layout puts them. */
    private static void install(Path repo, String artifact, String packaging, Path classes, String dependencies)
            throws IOException {
        Path at = repo.resolve("dev/plinth/" + artifact + "/" + VERSION);
        Files.createDirectories(at);
        Files.writeString(at.resolve(artifact + "-" + VERSION + ".pom"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>dev.plinth</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <packaging>%s</packaging>
                %s</project>
                """.formatted(artifact, VERSION, packaging, dependencies));
        try (OutputStream out = Files.newOutputStream(at.resolve(artifact + "-" + VERSION + ".jar"));
             JarOutputStream jar = new JarOutputStream(out);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(p));
                jar.closeEntry();
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
