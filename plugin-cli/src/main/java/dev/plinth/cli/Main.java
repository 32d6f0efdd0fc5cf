package dev.plinth.cli;

/** The {@code plinth} executable: runs the command on the process's streams and exits with its status. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Plinth.run(Io.system(), args));
    }
}
