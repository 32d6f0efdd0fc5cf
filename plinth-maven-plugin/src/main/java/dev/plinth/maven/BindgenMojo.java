package dev.plinth.maven;

import dev.plinth.bindgen.BindgenException;
import dev.plinth.bindgen.JavaBindgen;
import dev.plinth.component.wit.WitException;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * {@code plinth:bindgen}: Java sources from a WIT world (or interface), as {@code plinth bindgen}
 * writes them, into {@code outputDirectory}, which becomes a compile source root. The generated
 * code needs {@code dev.plinth:component} on the compile class path.
 */
@Mojo(name = "bindgen", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class BindgenMojo extends AbstractMojo {

    /** A {@code .wit} file, or a WIT package directory (with its {@code deps/}). */
    @Parameter(property = "plinth.bindgen.wit", defaultValue = "${project.basedir}/src/main/wit", required = true)
    private File wit;

    /** The world or interface to generate; may be left out if the package has one world. */
    @Parameter(property = "plinth.bindgen.world")
    private String world;

    /** The Java package of the generated sources. */
    @Parameter(property = "plinth.bindgen.javaPackage", required = true)
    private String javaPackage;

    /** Where the sources go; added to the project's compile source roots. */
    @Parameter(property = "plinth.bindgen.outputDirectory",
            defaultValue = "${project.build.directory}/generated-sources/plinth", required = true)
    private File outputDirectory;

    /**
     * The name of the plugin that implements the world (as in its {@code plugin.toml}): when set, also writes
     * {@code <Plugin>Client}, an interface annotated with the Spring Boot starter's {@code @PluginClient} that
     * extends the world's exported interfaces, so the application gets the bean without writing it.
     */
    @Parameter(property = "plinth.bindgen.springClient")
    private String springClient;

    /** Skips the goal. */
    @Parameter(property = "plinth.bindgen.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** Maven fills the fields. */
    public BindgenMojo() {
    }

    BindgenMojo(File wit, String world, String javaPackage, File outputDirectory, MavenProject project) {
        this.wit = wit;
        this.world = world;
        this.javaPackage = javaPackage;
        this.outputDirectory = outputDirectory;
        this.project = project;
    }

    BindgenMojo(File wit, String world, String javaPackage, File outputDirectory, MavenProject project,
            String springClient) {
        this(wit, world, javaPackage, outputDirectory, project);
        this.springClient = springClient;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("plinth bindgen skipped");
            return;
        }
        if (!wit.exists()) {
            throw new MojoFailureException("no WIT at " + wit + " (set <wit> to a .wit file or a package directory)");
        }
        List<Path> files;
        try {
            files = JavaBindgen.generate(wit.toPath(), Optional.ofNullable(world).filter(w -> !w.isBlank()),
                    javaPackage, outputDirectory.toPath(),
                    Optional.ofNullable(springClient).filter(c -> !c.isBlank()));
        } catch (WitException | BindgenException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        project.addCompileSourceRoot(outputDirectory.getPath());
        getLog().info("plinth bindgen: " + files.size() + " Java sources from " + wit + " in " + outputDirectory);
    }
}
