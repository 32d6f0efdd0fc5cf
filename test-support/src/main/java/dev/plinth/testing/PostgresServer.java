package dev.plinth.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: a new cluster made with Debian's {@code initdb} in a
 * temporary directory, started with {@code pg_ctl} on a free port of 127.0.0.1 (trust
 * authentication, user {@value #USER}, C locale), stopped and deleted by {@link #close}. PostgreSQL
 * refuses to run as root, so as root the cluster belongs to the {@code postgres} user and every
 * command runs through {@code runuser}. Fails loudly (never skips) when the binaries are missing:
 * {@code scripts/ensure-toolchain.sh} installs Debian's {@code postgresql}.
 */
public final class PostgresServer implements AutoCloseable {
    /** The database user, a superuser of the cluster. */
    public static final String USER = "plinth";
    private static final Path DEBIAN = Path.of("/usr/lib/postgresql");

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgres;

    private PostgresServer(Path bin, Path dir, int port, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** Makes and starts a new cluster; it takes a few seconds. */
    public static PostgresServer start() {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir;
        int port;
        try {
            dir = Files.createTempDirectory(Path.of("/tmp"), "plinth-pg");
            if (root) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName("postgres");
                Files.setOwner(dir, postgres);
            }
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a PostgreSQL cluster directory: " + e, e);
        }
        PostgresServer server = new PostgresServer(bin, dir, port, root);
        try {
            server.run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                    "--auth=trust", "--locale=C", "-E", "UTF8", "--no-sync"));
            server.run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
                    "-l", dir.resolve("server.log").toString(), "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
        } catch (RuntimeException e) {
            server.delete();
            throw e;
        }
        return server;
    }

    /** The JDBC URL of database {@code postgres}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} with {@code initdb}. */
    private static Path binaries() {
        try (Stream<Path> versions = Files.isDirectory(DEBIAN) ? Files.list(DEBIAN) : Stream.empty()) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> b.getParent().getFileName().toString(),
                            Comparator.comparingInt(PostgresServer::major)))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under " + DEBIAN
                            + ": install Debian's postgresql (scripts/ensure-toolchain.sh does)"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + DEBIAN + ": " + e, e);
        }
    }

    private static int major(String version) {
        try {
            return Integer.parseInt(version.replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish in 90 s");
            }
            if (p.exitValue() != 0) {
                String log = "";
                Path serverLog = dir.resolve("server.log");
                if (Files.isReadable(serverLog)) {
                    log = "\nserver log:\n" + Files.readString(serverLog);
                }
                throw new IllegalStateException(String.join(" ", full) + " failed (" + p.exitValue() + "):\n"
                        + new String(out, StandardCharsets.UTF_8) + log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", full) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + full.get(0), e);
        }
    }

    /** Stops the server at once and deletes the cluster. */
    @Override
    public void close() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "-w", "stop"));
        } finally {
            delete();
        }
    }

    private void delete() {
        TestPlugins.deleteTree(dir);
    }
}
