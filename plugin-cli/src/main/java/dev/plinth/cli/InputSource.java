package dev.plinth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The bytes a call gets as input: {@code --input} text as UTF-8, the bytes of {@code --input-file}
 * ({@code -} reads stdin), or nothing.
 */
final class InputSource {
    /** The {@code --input-file} value that means stdin. */
    static final String STDIN = "-";

    private InputSource() {
    }

    /**
     * @throws ParameterException when both are given, or the file cannot be read (usage errors)
     */
    static byte[] read(CommandLine command, String text, Path file, InputStream stdin) {
        if (text != null && file != null) {
            throw new ParameterException(command, "--input and --input-file cannot be used together");
        }
        if (text != null) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (file == null) {
            return new byte[0];
        }
        try {
            if (file.toString().equals(STDIN)) {
                return stdin.readAllBytes();
            }
            if (Files.isDirectory(file)) {
                throw new ParameterException(command, "--input-file is a directory: " + file);
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ParameterException(command, "no such file: " + file);
        } catch (IOException e) {
            throw new ParameterException(command, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
