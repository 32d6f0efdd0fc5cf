package dev.plinth.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Writes a plugin's output to stdout byte for byte, so that {@code plinth call ... > out.bin}
 * keeps binary output intact. Only when stdout is a terminal and the output is text without a
 * final newline is one added, so that the shell prompt starts on its own line.
 */
final class OutputSink {
    private OutputSink() {
    }

    static void write(Io io, byte[] output) {
        try {
            OutputStream out = io.out();
            out.write(output);
            if (io.outIsTerminal() && output.length > 0 && output[output.length - 1] != '\n' && isText(output)) {
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the output to stdout", e);
        }
    }

    /** Whether the bytes are valid UTF-8 (as text output is). */
    static boolean isText(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
