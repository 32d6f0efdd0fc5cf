package dev.plinth.component.wasi.internal;

import java.nio.file.Path;

/**
 * A {@code wasi:filesystem} descriptor: a path of a mount's jailed file system (every use goes through the
 * jail again), whether it is a directory, and what it was opened for. {@code guestPath} is for messages.
 */
record Descriptor(Path path, String guestPath, boolean directory, boolean read, boolean write) {
}
