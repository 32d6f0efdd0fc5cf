package dev.plinth.component.internal.abi;

/**
 * Bounds on what one call may move across the boundary: a string's bytes, a list's elements, and the
 * total of both over a whole call (which stops a list of a million strings pointing at the same megabyte).
 */
public record AbiLimits(long maxStringBytes, long maxListLength, long maxTotalUnits) {
}
