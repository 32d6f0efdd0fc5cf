package dev.plinth.sandbox.net;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParser;
import org.apache.hc.core5.http.io.HttpMessageParserFactory;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.apache.hc.core5.util.CharArrayBuffer;

/**
 * HttpCore's strict response-head parser with two bounds of the gateway's: an answer that does not
 * start with a status line fails at once (HttpClient's own parser skips such lines as garbage), and
 * the whole head, not only each line, stays under {@value #MAX_HEAD} bytes.
 */
final class StrictResponseParser extends DefaultHttpResponseParser {
    /** The largest response head read, status line and fields together. */
    static final int MAX_HEAD = 64 * 1024;
    /** The most header fields a response head may have. */
    static final int MAX_HEADERS = 256;

    /**
     * The field count; the bound per line is never the first one reached, since {@link #MAX_HEAD}
     * bounds all lines together.
     */
    static final Http1Config CONFIG = Http1Config.custom().setMaxHeaderCount(MAX_HEADERS).setMaxEmptyLineCount(4)
            .setMaxLineLength(2 * MAX_HEAD).build();

    /** Makes one parser per connection. */
    static final HttpMessageParserFactory<ClassicHttpResponse> FACTORY = config -> new StrictResponseParser();

    private StrictResponseParser() {
        super(CONFIG);
    }

    @Override
    public ClassicHttpResponse parse(SessionInputBuffer buffer, InputStream in) throws IOException, HttpException {
        // While parsing: the session buffer pulls at most one buffer's worth beyond the head out of
        // the stream, so an endless head stops there. After: the exact size of the head parsed.
        int bufferedBefore = buffer.length();
        Bounded bounded = new Bounded(in, MAX_HEAD + buffer.capacity());
        ClassicHttpResponse response = super.parse(buffer, bounded);
        if (response != null && bounded.read + bufferedBefore - buffer.length() > MAX_HEAD) {
            throw tooLarge();
        }
        return response;
    }

    private static MessageConstraintException tooLarge() {
        return new MessageConstraintException("the response head is larger than " + MAX_HEAD + " bytes");
    }

    @Override
    protected ClassicHttpResponse createMessage(CharArrayBuffer line) throws IOException, HttpException {
        try {
            return super.createMessage(line);
        } catch (ParseException e) {
            throw new ProtocolException("the response does not start with an HTTP/1.x status line", e);
        }
    }

    /** The stream under the head: fails once more than {@code limit} bytes are read from it. */
    private static final class Bounded extends FilterInputStream {
        private final long limit;
        private long read;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            int n = super.read(into, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws MessageConstraintException {
            read += n;
            if (read > limit) {
                throw tooLarge();
            }
        }
    }
}
