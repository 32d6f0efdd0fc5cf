package dev.plinth.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goal's execute on real WIT files: sources written, the source root added, broken WIT a build failure naming where. */
class BindgenMojoTest {
    static final Path APP = Path.of(System.getProperty("plinth.witSamples", "../component/src/test/resources/wit"))
            .resolve("app");

    @TempDir
    Path dir;

    @Test
    void writesTheWorldAndAddsTheSourceRoot() throws Exception {
        MavenProject project = new MavenProject();
        Path out = dir.resolve("generated-sources/plinth");
        new BindgenMojo(APP.toFile(), "plugin", "com.example.app", out.toFile(), project).execute();
        assertThat(out.resolve("com/example/app/Plugin.java")).isRegularFile();
        assertThat(out.resolve("com/example/app/Types.java")).content().contains("record Request(");
        assertThat(project.getCompileSourceRoots()).containsExactly(out.toString());
    }

    @Test
    void springClientWritesThePluginClientInterface() throws Exception {
        MavenProject project = new MavenProject();
        Path out = dir.resolve("generated-sources/plinth");
        new BindgenMojo(APP.toFile(), "plugin", "com.example.app", out.toFile(), project, "image-processor").execute();
        assertThat(out.resolve("com/example/app/ImageProcessorClient.java")).content()
                .contains("@dev.plinth.spring.client.PluginClient(\"image-processor\")");
        BindgenMojo bad = new BindgenMojo(APP.toFile(), "plugin", "p", dir.resolve("out").toFile(), project, "No");
        assertThatThrownBy(bad::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("`No` is not a plugin name");
    }

    @Test
    void brokenWitFailsTheBuildWithItsPosition() throws Exception {
        Path wit = dir.resolve("bad.wit");
        Files.writeString(wit, "package a:b;\nworld w {\n  export f: func() -> list<>;\n}\n");
        MavenProject project = new MavenProject();
        BindgenMojo mojo = new BindgenMojo(wit.toFile(), null, "p", dir.resolve("out").toFile(), project);
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessage(wit + ":3:28: expected a type, found `>`");
        assertThat(project.getCompileSourceRoots()).isEmpty();
        BindgenMojo missing = new BindgenMojo(dir.resolve("none").toFile(), null, "p", dir.resolve("out").toFile(), project);
        assertThatThrownBy(missing::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("no WIT at " + dir.resolve("none"));
    }
}
