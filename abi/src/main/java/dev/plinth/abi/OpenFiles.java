package dev.plinth.abi;

import dev.plinth.sandbox.fs.FileSandbox;

/**
 * Counts the file descriptors one instance's guest has opened and not closed, and refuses a
 * {@code path_open} beyond {@value #MAX_OPEN} with {@code EMFILE}, reported to the plugin's
 * {@link FileSandbox} as a refusal (logged and audited, a flood folded into one entry). Each open
 * file holds a host descriptor until the guest closes it or the instance is dropped, and idle
 * instances keep theirs, so without a cap one plugin with any mount could use up the host
 * process's descriptors. A version has at most {@code max-instances} × {@value #MAX_OPEN} open.
 * The preopened directories are not counted; closing one counts as a close, which frees at most
 * that many more.
 */
final class OpenFiles {
    /** The most descriptors one instance's guest may have open at once, beside its preopens. */
    static final int MAX_OPEN = 128;

    private final FileSandbox files;
    private int open;

    OpenFiles(FileSandbox files) {
        this.files = files;
    }

    /** Whether another descriptor may be opened; if not, the refusal is reported. */
    boolean mayOpen(String function) {
        if (open < MAX_OPEN) {
            return true;
        }
        files.refused(function + ": " + open + " files open, the most one instance may have open at once (EMFILE)");
        return false;
    }

    /** The guest opened a descriptor. */
    void opened() {
        open++;
    }

    /** The guest closed a descriptor (or renumbered one over another, which closes that one). */
    void closed() {
        if (open > 0) {
            open--;
        }
    }
}
