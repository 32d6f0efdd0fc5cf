package dev.plinth.component.wit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads WIT, the Component Model's interface language (WIT.md): one file ({@link #parse}), a
 * package's directory of {@code .wit} files ({@link #parseDirectory}), or a package with its
 * {@code deps/} resolved ({@link #load}). Errors are {@link WitException}s naming file:line:column.
 */
public final class WitParser {
    /** The name of a package whose files have no {@code package} line. */
    public static final PackageName ANONYMOUS = new PackageName("root", "component", Optional.empty());

    /** The most bytes one {@code .wit} file may have (the WASI files are under 100 KiB). */
    public static final long MAX_FILE_BYTES = 4L << 20;

    private WitParser() {
    }

    /** One file's package; {@link #ANONYMOUS} if it has no {@code package} line. Names are not resolved. */
    public static WitPackage parse(String source, String fileName) {
        Parser.ParsedFile file = new Parser(source, fileName).file();
        return new WitPackage(file.name().orElse(ANONYMOUS), file.interfaces(), file.worlds(), file.uses(), file.docs());
    }

    /** One type as WIT writes it, e.g. {@code result<list<u8>, string>}. */
    public static WitType parseType(String source) {
        return new Parser(source, "<type>").typeOnly();
    }

    /**
     * A package from the {@code .wit} files directly in {@code dir} (sorted by name; {@code deps/}
     * is not read here). The files that name their package must all name the same one.
     */
    public static WitPackage parseDirectory(Path dir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".wit") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the WIT directory " + dir, e);
        }
        if (files.isEmpty()) {
            throw new WitException(new Position(dir.toString(), 1, 1), "no .wit files in the directory");
        }
        List<WitPackage> parsed = new ArrayList<>();
        PackageName name = null;
        Path namedIn = null;
        for (Path f : files) {
            Parser.ParsedFile file = new Parser(read(f), f.toString()).file();
            if (file.name().isPresent()) {
                if (name != null && !name.equals(file.name().get())) {
                    throw new WitException(new Position(f.toString(), 1, 1), "the file is in package "
                            + file.name().get() + " but " + namedIn + " is in " + name
                            + ": the files of one directory are one package");
                }
                name = file.name().get();
                namedIn = f;
            }
            parsed.add(new WitPackage(file.name().orElse(ANONYMOUS), file.interfaces(), file.worlds(), file.uses(),
                    file.docs()));
        }
        return WitPackage.merge(parsed, name == null ? ANONYMOUS : name);
    }

    /**
     * A WIT file or package directory, with the packages under its {@code deps/} directory (each a
     * directory or a single {@code .wit} file; nested {@code deps/} are read too), resolved.
     */
    public static ResolvedWit load(Path fileOrDir) {
        if (!Files.isDirectory(fileOrDir)) {
            WitPackage main = parse(read(fileOrDir), fileOrDir.toString());
            Path parent = fileOrDir.toAbsolutePath().getParent();
            return ResolvedWit.of(main, parent == null ? List.of() : deps(parent.resolve("deps")));
        }
        return ResolvedWit.of(parseDirectory(fileOrDir), deps(fileOrDir.resolve("deps")));
    }

    private static List<WitPackage> deps(Path depsDir) {
        if (!Files.isDirectory(depsDir)) {
            return List.of();
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(depsDir)) {
            entries = list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + depsDir, e);
        }
        List<WitPackage> packages = new ArrayList<>();
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                packages.add(parseDirectory(entry));
                packages.addAll(deps(entry.resolve("deps")));
            } else if (entry.getFileName().toString().endsWith(".wit")) {
                packages.add(parse(read(entry), entry.toString()));
            }
        }
        return packages;
    }

    private static String read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new WitException(new Position(file.toString(), 1, 1), "the file has " + size
                        + " bytes, more than the " + MAX_FILE_BYTES + " a WIT file may have");
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new WitException(new Position(file.toString(), 1, 1), "the file is not valid UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the WIT file " + file, e);
        }
    }
}
