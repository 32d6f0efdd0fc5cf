package dev.plinth.abi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.plinth.api.LogLimits;
import dev.plinth.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** WASI stdout under the call's {@link LogBudget}: lines split across writes, cut, and the budget shared. */
class LogLineStreamTest {
    private static final String LOGGER = "plinth.plugin.log-line-stream-test";
    LogCapture log;

    @BeforeEach
    void capture() {
        log = LogCapture.of(LOGGER, Level.INFO);
    }

    @AfterEach
    void release() {
        log.close();
    }

    private static LogBudget budget(int line, long bytes, int lines) {
        LogBudget budget = new LogBudget(LoggerFactory.getLogger(LOGGER), new LogLimits(line, bytes, lines, 64));
        budget.begin("f");
        return budget;
    }

    private static void write(LogLineStream out, String text) {
        byte[] bytes = ("xx" + text + "yy").getBytes(UTF_8);
        out.write(bytes, 2, bytes.length - 4); // at an offset, as a chunk of a larger buffer
    }

    @Test
    void linesSplitAcrossWritesAreJoinedAndTheLastIsLoggedWhenTheCallEnds() {
        LogBudget budget = budget(100, 1_000, 100);
        LogLineStream out = new LogLineStream("stdout", budget);
        write(out, "one\ntw");
        write(out, "o\n\nthr");
        write(out, "ee");
        out.write('!');
        assertThat(log.messages(Level.INFO)).containsExactly("[stdout] one", "[stdout] two", "[stdout] ");
        budget.end();
        assertThat(log.messages(Level.INFO)).last().isEqualTo("[stdout] three!");
    }

    @Test
    void aLongLineIsCutWithoutSplittingACharacterAndMarkedWithItsLength() {
        LogBudget budget = budget(5, 1_000, 100);
        LogLineStream out = new LogLineStream("stdout", budget);
        write(out, "abcd€fgh"); // € is three bytes: the cut at 5 bytes would split it
        write(out, "ij\nnext\n");
        assertThat(log.messages(Level.INFO)).containsExactly("[stdout] abcd… (cut: 12 bytes in all)", "[stdout] next");
    }

    @Test
    void stdoutStderrAndLogLinesShareOneBudgetAndTheRestIsDroppedWithOneWarning() {
        LogBudget budget = budget(100, 10, 100);
        LogLineStream stdout = new LogLineStream("stdout", budget);
        LogLineStream stderr = new LogLineStream("stderr", budget);
        assertThat(budget.admit(4)).isEqualTo(4); // a log_* line of 4 bytes
        write(stdout, "12345\n");
        write(stderr, "abcdef\n"); // only 1 byte left: cut there
        write(stdout, "more\n".repeat(1_000));
        write(stderr, "more\n");
        assertThat(budget.admit(1)).isEqualTo(-1);

        assertThat(log.messages(Level.INFO)).containsExactly("[stdout] 12345", "[stderr] a… (cut: 6 bytes in all)");
        assertThat(log.messages(Level.WARN)).singleElement().satisfies(w -> assertThat(w)
                .startsWith("[f] this call's log budget is spent (3 lines, 10 bytes"));
        // a new call, a new budget
        budget.begin("g");
        write(stdout, "again\n");
        assertThat(log.messages(Level.INFO)).last().isEqualTo("[stdout] again");
    }

    @Test
    void theLineCountStopsACallToo() {
        LogBudget budget = budget(100, 1_000, 3);
        LogLineStream out = new LogLineStream("stdout", budget);
        write(out, "a\nb\nc\nd\ne\n");
        budget.end();
        assertThat(log.messages(Level.INFO)).containsExactly("[stdout] a", "[stdout] b", "[stdout] c");
        assertThat(log.messages(Level.WARN)).hasSize(1);
    }
}
