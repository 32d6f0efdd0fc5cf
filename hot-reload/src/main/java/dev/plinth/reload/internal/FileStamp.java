package dev.plinth.reload.internal;

/**
 * What a file looks like without reading it: size, modification time and file key (the inode on
 * Linux, so that a file replaced by an atomic move differs even when size and time match).
 *
 * @param fileKey the file system's identity of the file, or {@code null} where there is none
 */
public record FileStamp(long size, long modifiedNanos, Object fileKey) {
}
