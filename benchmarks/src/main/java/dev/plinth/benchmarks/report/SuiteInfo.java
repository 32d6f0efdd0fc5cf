package dev.plinth.benchmarks.report;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What {@code suite.sh} recorded about the session in {@code suite.properties}: profile, commit,
 * machine, jars, times and commands. A value it did not record reads as {@code unknown}.
 */
final class SuiteInfo {
    static final String FILE = "suite.properties";
    static final String UNKNOWN = "unknown";

    private final Properties properties;

    SuiteInfo(Properties properties) {
        this.properties = properties;
    }

    /** Reads the file from a results folder; a folder without one gives only unknowns. */
    static SuiteInfo read(Path resultsDir) {
        Properties properties = new Properties();
        Path file = resultsDir.resolve(FILE);
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new SuiteInfo(properties);
    }

    String profile() {
        return value("profile");
    }

    /** Rounds, forks, iterations and their times, in words. */
    String profileSettings() {
        return value("profile.settings");
    }

    /** When the suite started, ISO-8601 UTC. */
    String started() {
        return value("started");
    }

    String estimatedDuration() {
        return duration("estimated.seconds");
    }

    String elapsedDuration() {
        return duration("elapsed.seconds");
    }

    /** The Plinth commit measured, marked when the work tree had uncommitted changes. */
    String commit() {
        return value("git.commit") + (Boolean.parseBoolean(value("git.dirty")) ? " with uncommitted changes" : "");
    }

    /** CPU model, cores and memory, e.g. {@code Intel Xeon ..., 2 cores, 7.8 GiB}. */
    String machine() {
        return value("machine.cpu") + ", " + value("machine.cores") + " cores, " + value("machine.memory") + " RAM";
    }

    /** The load average when the suite started: how quiet the machine was. */
    String load() {
        return value("machine.load");
    }

    String os() {
        return value("os");
    }

    /** The Java runtime the suite ran its benchmarks on, e.g. {@code 17.0.13+11-Debian-2}. */
    String jdkVersion() {
        return value("jdk.version");
    }

    String plinthJar() {
        return value("jar.plinth");
    }

    String extismJar() {
        return value("jar.extism");
    }

    /** The command that ran the suite, e.g. {@code benchmarks/suite.sh --full}. */
    String suiteCommand() {
        return value("suite.command");
    }

    /** The command that wrote the report. */
    String reportCommand() {
        return value("report.command");
    }

    private String value(String key) {
        String value = properties.getProperty(key, "").trim();
        return value.isEmpty() ? UNKNOWN : value;
    }

    private String duration(String key) {
        try {
            long seconds = Long.parseLong(value(key));
            return seconds >= 60 ? seconds / 60 + " min " + seconds % 60 + " s" : seconds + " s";
        } catch (NumberFormatException notRecorded) {
            return UNKNOWN;
        }
    }
}
