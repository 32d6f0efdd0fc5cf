package dev.plinth.component.binding;

/** WIT's {@code tuple<...>} of one to eight elements in generated bindings: {@code tuple<u8, string>} is {@code Tuple.Of2<Integer, String>}. */
public sealed interface Tuple {
    /** The most elements a generated tuple has. */
    int MAX = 8;

    /** {@code tuple<A>}. */
    record Of1<A>(A v0) implements Tuple {
    }

    /** {@code tuple<A, B>}. */
    record Of2<A, B>(A v0, B v1) implements Tuple {
    }

    /** {@code tuple<A, B, C>}. */
    record Of3<A, B, C>(A v0, B v1, C v2) implements Tuple {
    }

    /** {@code tuple<A, B, C, D>}. */
    record Of4<A, B, C, D>(A v0, B v1, C v2, D v3) implements Tuple {
    }

    /** A tuple of five. */
    record Of5<A, B, C, D, E>(A v0, B v1, C v2, D v3, E v4) implements Tuple {
    }

    /** A tuple of six. */
    record Of6<A, B, C, D, E, F>(A v0, B v1, C v2, D v3, E v4, F v5) implements Tuple {
    }

    /** A tuple of seven. */
    record Of7<A, B, C, D, E, F, G>(A v0, B v1, C v2, D v3, E v4, F v5, G v6) implements Tuple {
    }

    /** A tuple of eight. */
    record Of8<A, B, C, D, E, F, G, H>(A v0, B v1, C v2, D v3, E v4, F v5, G v6, H v7) implements Tuple {
    }
}
