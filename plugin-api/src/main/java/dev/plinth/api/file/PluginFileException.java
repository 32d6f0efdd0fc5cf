package dev.plinth.api.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A plugin file the host refused to read, or could not read safely: not a regular file, reached
 * through a link out of the plugins folder, over its size cap, changed while it was opened, or not
 * read in time. The message names the file, what it is and the limit; callers turn it into their
 * typed error ({@code invalid-module}, {@code invalid-manifest}, {@code signature}).
 */
public final class PluginFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why a file was refused. */
    public enum Reason {
        /** A FIFO, device, socket, directory, or a link to one. */
        NOT_A_REGULAR_FILE,
        /** Reached through a symbolic link whose target is outside the plugins folder. */
        OUTSIDE_FOLDER,
        /** Bigger than its cap before it was read. */
        TOO_LARGE,
        /** Grew past its cap while it was read. */
        GREW,
        /** Replaced between the check and the open. */
        REPLACED,
        /** Opening and reading took longer than the read timeout. */
        TIMED_OUT
    }

    private final transient Path file;
    private final Reason reason;
    private final String problem;

    PluginFileException(Path file, Reason reason, String problem) {
        super(file + ": " + problem);
        this.file = Objects.requireNonNull(file, "file");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The file as it was asked for. */
    public Path file() {
        return file;
    }

    public Reason reason() {
        return reason;
    }

    /** What is wrong, without the file name, phrased to read after {@code "<file>: "}. */
    public String problem() {
        return problem;
    }
}
