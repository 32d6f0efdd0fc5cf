package dev.plinth.component.wasi.internal;

/**
 * A {@code wasi:io/error} resource: what went wrong with a stream's last operation, and the filesystem
 * error code it stands for ({@code null} when it is not a filesystem error).
 */
record WasiError(String message, String code) {
}
