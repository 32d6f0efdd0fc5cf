package dev.plinth.abi;

import static com.dylibso.chicory.wasm.types.ValType.I64;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.event.EventTypes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code plinth:host/events}, in the Extism style:
 * <ul>
 *   <li>{@code emit(type, payload) -> 0}: queues an event for the application; {@code type} a block
 *       of text ({@code order.created}), {@code payload} a block of UTF-8 text or 0 for none. The host
 *       frees both blocks.</li>
 *   <li>{@code error() -> message}: the message of the last emit of this instance if it failed, else 0.</li>
 * </ul>
 * Error codes: -1 the type or payload is malformed (not a type, not UTF-8); -2 the payload is over
 * {@code max-payload-size}; -3 the call has emitted {@code max-emits-per-call} already; -4 the type
 * is not granted; -5 the queue is full. Each is audited. An offset that is not a block traps.
 */
public final class EventFunctions {
    /** The import module of the event functions. */
    public static final String MODULE = "plinth:host/events";
    /** The export a plugin handles published events with: {@code () -> i32}, input {@code {"type":..,"payload":..}}. */
    public static final String HANDLER = "plinth_on_event";
    /** Every function with its wasm type. */
    public static final Map<String, FunctionType> SIGNATURES = signatures();

    static final int MALFORMED = -1;
    static final int TOO_LARGE = -2;
    static final int TOO_MANY = -3;
    static final int NOT_GRANTED = -4;
    static final int QUEUE_FULL = -5;

    private EventFunctions() {
    }

    /** The functions bound to one instance's context and its version's events. */
    public static List<HostFunction> functions(GuestContext ctx, EventAccess events) {
        String[] lastError = new String[1];
        long[] emitted = new long[2]; // [call number, emits in it]
        String label = MODULE + " emit";
        HostFunction emit = new HostFunction(MODULE, "emit", SIGNATURES.get("emit"), (inst, a) -> {
            if (ctx.deadlinePassed()) {
                throw new ChicoryInterruptedException(label + " was not run: the call's deadline has passed");
            }
            ctx.chargeCall();
            lastError[0] = null;
            if (emitted[0] != ctx.callNumber()) {
                emitted[0] = ctx.callNumber();
                emitted[1] = 0;
            }
            try {
                emit(ctx, events, a[0], a[1], emitted);
                return new long[] {0};
            } catch (KvRefusal e) {
                lastError[0] = e.getMessage();
                return new long[] {e.code()};
            } finally {
                ctx.root().free(a[0]);
                ctx.root().free(a[1]);
            }
        });
        HostFunction error = new HostFunction(MODULE, "error", SIGNATURES.get("error"), (inst, a) -> {
            ctx.chargeCall();
            String message = lastError[0];
            return new long[] {message == null ? 0 : ctx.memory().allocBytes(message.getBytes(StandardCharsets.UTF_8))};
        });
        return List.of(emit, error);
    }

    private static void emit(GuestContext ctx, EventAccess events, long typeOffset, long payloadOffset, long[] emitted) {
        ExtismMemory mem = ctx.memory();
        String label = MODULE + " emit";
        long typeLength = mem.blockLength(label, typeOffset);
        long payloadLength = mem.blockLength(label, payloadOffset);
        if (emitted[1] >= events.grant().maxEmitsPerCall()) {
            throw events.refuse(TOO_MANY, ErrorCode.TOO_LARGE, "max-emits-per-call", "this call has emitted "
                    + emitted[1] + " events, max-emits-per-call");
        }
        if (typeLength == 0 || typeLength > EventTypes.MAX_LENGTH) {
            throw events.refuse(MALFORMED, ErrorCode.PERMISSION_DENIED, "type", "an event type of " + typeLength
                    + " bytes: a type is 1 to " + EventTypes.MAX_LENGTH + " characters");
        }
        if (payloadLength > events.grant().maxPayloadBytes()) {
            throw events.refuse(TOO_LARGE, ErrorCode.TOO_LARGE, "max-payload-size", "a payload of " + payloadLength
                    + " bytes is more than max-payload-size, " + events.grant().maxPayloadBytes() + " bytes");
        }
        String type = new String(mem.readBlock(label, typeOffset), StandardCharsets.UTF_8);
        if (!EventTypes.valid(type)) {
            throw events.refuse(MALFORMED, ErrorCode.PERMISSION_DENIED, "type", "\""
                    + dev.plinth.api.unit.TextCap.chars(type, 64) + "\" is not an event type (letters, digits, . _ - :)");
        }
        byte[] payload = mem.readBlock(label, payloadOffset);
        ctx.chargeBytes(typeLength + payload.length);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw events.refuse(MALFORMED, ErrorCode.PERMISSION_DENIED, "payload", "the payload of \"" + type
                    + "\" is not UTF-8 text");
        }
        emitted[1]++;
        events.emit(type, text);
    }

    private static Map<String, FunctionType> signatures() {
        Map<String, FunctionType> types = new LinkedHashMap<>();
        types.put("emit", FunctionType.of(List.of(I64, I64), List.of(I64)));
        types.put("error", FunctionType.of(List.of(), List.of(I64)));
        return Collections.unmodifiableMap(types);
    }
}
