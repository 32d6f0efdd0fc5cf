package dev.plinth.component.internal.binary;

/** The canonical option {@code string-encoding}: how strings lie in the guest's memory. */
public enum StringEncoding {
    UTF8, UTF16, LATIN1_UTF16
}
