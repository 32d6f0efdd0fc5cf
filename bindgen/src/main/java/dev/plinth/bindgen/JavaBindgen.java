package dev.plinth.bindgen;

import dev.plinth.bindgen.internal.Generator;
import dev.plinth.component.wit.ResolvedWit;
import dev.plinth.component.wit.WitInterface;
import dev.plinth.component.wit.WitParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Java bindings for a WIT world or interface: records as records, variants as sealed interfaces
 * with a record per case, enums as enums, flags as {@code EnumSet}s of an enum, {@code option} as
 * {@code Optional}, {@code result} as {@link dev.plinth.component.binding.Result}, resources as
 * handle interfaces, and one Java interface per WIT interface and world with a method per
 * function. What the generated code names is in docs/components.md ("Typed Java from WIT").
 */
public final class JavaBindgen {
    private static final Pattern JAVA_PACKAGE = Pattern.compile("[a-zA-Z_$][a-zA-Z0-9_$]*(\\.[a-zA-Z_$][a-zA-Z0-9_$]*)*");

    private JavaBindgen() {
    }

    /**
     * The sources for {@code target}, a world of the main package or one of its interfaces; empty
     * {@code target}: the package's only world.
     */
    public static List<GeneratedSource> generate(ResolvedWit wit, Optional<String> target, String javaPackage) {
        if (!JAVA_PACKAGE.matcher(javaPackage).matches()) {
            throw new BindgenException("`" + javaPackage + "` is not a Java package name");
        }
        Generator generator = new Generator(wit, javaPackage);
        if (target.isEmpty()) {
            if (wit.main().worlds().size() != 1) {
                throw new BindgenException("package " + wit.main().name() + " has " + wit.main().worlds().size()
                        + " worlds: name one (" + names(wit) + ")");
            }
            return generator.world(wit.main().worlds().get(0));
        }
        String name = target.get();
        if (wit.world(name).isPresent()) {
            return generator.world(wit.world(name).get());
        }
        Optional<WitInterface> iface = wit.main().iface(name);
        if (iface.isPresent()) {
            return generator.iface(name);
        }
        throw new BindgenException("no world or interface `" + name + "` in package " + wit.main().name()
                + " (it has " + names(wit) + ")");
    }

    /** Parses {@code witPath} (a file or a package directory with {@code deps/}), generates, and writes under {@code outDir}. */
    public static List<Path> generate(Path witPath, Optional<String> target, String javaPackage, Path outDir) {
        ResolvedWit wit = WitParser.load(witPath);
        List<Path> written = new ArrayList<>();
        for (GeneratedSource source : generate(wit, target, javaPackage)) {
            Path file = outDir.resolve(source.path());
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.content(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            written.add(file);
        }
        return written;
    }

    private static String names(ResolvedWit wit) {
        List<String> names = new ArrayList<>();
        wit.main().worlds().forEach(w -> names.add("world " + w.name()));
        wit.main().interfaces().forEach(i -> names.add("interface " + i.name()));
        return names.isEmpty() ? "nothing" : String.join(", ", names);
    }
}
