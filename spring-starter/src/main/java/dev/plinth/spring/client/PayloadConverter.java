package dev.plinth.spring.client;

import dev.plinth.api.CallResult;
import dev.plinth.api.manifest.Codec;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a typed plugin bean's argument into input bytes and output bytes into its result, per
 * codec. {@code byte[]} passes through and {@code String} is UTF-8 under every codec (under JSON,
 * a {@code String} is taken to be JSON text already); other types are JSON through Jackson, which
 * only the JSON codec accepts.
 */
final class PayloadConverter {
    private static final byte[] EMPTY = new byte[0];

    private final JsonMapper mapper;

    PayloadConverter(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The codec a Java type implies when the manifest declares none. */
    static Codec codecOf(Class<?> type) {
        if (type == byte[].class || type == void.class || type == Void.class) {
            return Codec.BYTES;
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return Codec.TEXT;
        }
        return Codec.JSON;
    }

    byte[] encode(Object value, Codec codec, String target) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof CharSequence text) {
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
        return switch (codec) {
            case JSON -> {
                try {
                    yield mapper.writeValueAsBytes(value);
                } catch (JacksonException e) {
                    throw new IllegalArgumentException("cannot write the input of " + target + " as JSON: "
                            + e.getOriginalMessage(), e);
                }
            }
            case TEXT, BYTES -> {
                if (value == null) {
                    yield EMPTY;
                }
                if (codec == Codec.TEXT && (value instanceof Number || value instanceof Boolean
                        || value instanceof Character || value instanceof Enum<?>)) {
                    yield value.toString().getBytes(StandardCharsets.UTF_8);
                }
                throw new IllegalArgumentException(target + " takes " + name(codec) + "; pass a String or byte[],"
                        + " not " + value.getClass().getName());
            }
        };
    }

    Object decode(CallResult result, Codec codec, Type returnType, String target) {
        Class<?> raw = mapper.constructType(returnType).getRawClass();
        if (raw == void.class || raw == Void.class) {
            return null;
        }
        if (raw == CallResult.class) {
            return result;
        }
        byte[] output = result.output();
        if (raw == byte[].class) {
            return output;
        }
        if (raw == String.class || raw == CharSequence.class) {
            return new String(output, StandardCharsets.UTF_8);
        }
        if (codec != Codec.JSON) {
            throw new IllegalStateException(target + " returns " + name(codec) + "; declare the method to return"
                    + " String or byte[], not " + returnType.getTypeName());
        }
        if (output.length == 0) {
            return null;
        }
        JavaType type = mapper.constructType(returnType);
        try {
            return mapper.readValue(output, type);
        } catch (JacksonException e) {
            throw new IllegalStateException(target + " returned output that does not read as "
                    + returnType.getTypeName() + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String name(Codec codec) {
        return codec == Codec.TEXT ? "text" : codec == Codec.BYTES ? "bytes" : "JSON";
    }
}
