package dev.plinth.host.internal.registry;

import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.value.Value;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a component export is called with bytes in and bytes out ({@code PluginRegistry.call}): one parameter
 * of {@code string} (the input as UTF-8) or {@code list<u8>}, and one result of {@code string} or
 * {@code list<u8>}, or a {@code result} of one of them whose {@code err} is a {@code string}, which becomes a
 * {@code plugin-error} carrying it.
 *
 * @param textIn whether the parameter is a {@code string} (else {@code list<u8>})
 * @param textOut whether the result's bytes are a {@code string} (else {@code list<u8>})
 * @param fallible whether the result is a {@code result<_, string>}
 */
record ByteShape(boolean textIn, boolean textOut, boolean fallible) {
    private static final ValueType BYTES = new ValueType.ListType(ValueType.Primitive.U8);

    /** The shape of {@code type}, if it has one. */
    static Optional<ByteShape> of(FuncType type) {
        if (type.params().size() != 1 || type.results().size() != 1) {
            return Optional.empty();
        }
        ValueType in = type.params().get(0).type();
        ValueType out = type.results().get(0);
        if (!isBytes(in)) {
            return Optional.empty();
        }
        if (isBytes(out)) {
            return Optional.of(new ByteShape(in == ValueType.Primitive.STRING, out == ValueType.Primitive.STRING, false));
        }
        if (out instanceof ValueType.ResultType result && result.ok().isPresent() && isBytes(result.ok().get())
                && result.error().equals(Optional.of(ValueType.Primitive.STRING))) {
            return Optional.of(new ByteShape(in == ValueType.Primitive.STRING,
                    result.ok().get() == ValueType.Primitive.STRING, true));
        }
        return Optional.empty();
    }

    private static boolean isBytes(ValueType type) {
        return type == ValueType.Primitive.STRING || BYTES.equals(type);
    }

    /** The error for a byte call to an export that has no byte shape. */
    static PluginNotFoundException notCallable(String plugin, String function, FuncType type) {
        return new PluginNotFoundException("plugin " + plugin + ": " + function + " has type " + type.wit()
                + ", which bytes cannot be passed to: a byte call needs func(string) or func(list<u8>) returning"
                + " string, list<u8> or result<string or list<u8>, string>; call it with values (ComponentCalls)");
    }

    /**
     * The argument for {@code input}.
     *
     * @throws dev.plinth.component.value.InvalidValueException when a {@code string} parameter gets bytes that
     *     are not UTF-8
     */
    List<Value> args(byte[] input, String plugin, String function) {
        if (textIn) {
            try {
                String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(input)).toString();
                return List.of(new Value.Str(text));
            } catch (CharacterCodingException e) {
                throw new dev.plinth.component.value.InvalidValueException("the input to " + plugin + "." + function
                        + " is not UTF-8, which its string parameter needs");
            }
        }
        List<Value> bytes = new ArrayList<>(input.length);
        for (byte b : input) {
            bytes.add(new Value.U8(b & 0xFF));
        }
        return List.of(new Value.ListOf(bytes));
    }

    /** The output bytes of {@code results}; an {@code err} is a {@code plugin-error} with its message. */
    byte[] output(List<Value> results, String plugin, String function) {
        Value value = results.get(0);
        if (fallible) {
            Value.Result result = (Value.Result) value;
            if (!result.ok()) {
                throw new PluginFailureException(plugin, function, 1,
                        ((Value.Str) result.payload().orElseThrow()).value());
            }
            value = result.payload().orElseThrow();
        }
        if (textOut) {
            return ((Value.Str) value).value().getBytes(StandardCharsets.UTF_8);
        }
        List<Value> elements = ((Value.ListOf) value).elements();
        byte[] bytes = new byte[elements.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ((Value.U8) elements.get(i)).value();
        }
        return bytes;
    }
}
