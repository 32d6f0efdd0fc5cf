package dev.plinth.abi;

/** The WASI preview 1 {@code errno} values that Plinth's own WASI code returns (Chicory's enum is not public). */
final class WasiErrno {
    static final int SUCCESS = 0;
    static final int BADF = 8;
    static final int DQUOT = 19;
    static final int FAULT = 21;
    static final int INVAL = 28;
    static final int IO = 29;
    static final int MFILE = 33;
    static final int NAMETOOLONG = 37;
    static final int SPIPE = 70;

    private WasiErrno() {
    }

    /** The result of a WASI function that returns {@code errno}. */
    static long[] result(int errno) {
        return new long[] {errno};
    }
}
