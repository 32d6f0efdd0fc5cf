package dev.plinth.reload.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Serial per key, side by side across keys, with real threads and latches. */
class SerialLanesTest {
    private final SerialLanes<String, String> lanes = new SerialLanes<>("lanes-test", 2);

    @AfterEach
    void close() {
        lanes.close(Duration.ofSeconds(5));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("latch released in time").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void tasksOfOneKeyRunOneAtATimeInOrder() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlap = new AtomicInteger();
        CompletableFuture<?>[] all = new CompletableFuture<?>[5];
        for (int i = 0; i < all.length; i++) {
            String step = "step-" + i;
            all[i] = lanes.submit("a", step, () -> {
                if (running.incrementAndGet() > 1) {
                    overlap.incrementAndGet();
                }
                order.add(step);
                sleep(20);
                running.decrementAndGet();
                return step;
            });
        }
        CompletableFuture.allOf(all).get(10, TimeUnit.SECONDS);

        assertThat(order).containsExactly("step-0", "step-1", "step-2", "step-3", "step-4");
        assertThat(overlap).hasValue(0);
    }

    @Test
    void aStuckKeyDoesNotHoldUpAnother() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<String> slow = lanes.submit("slow", "deploy", () -> {
            entered.countDown();
            await(stuck);
            return "slow";
        });
        await(entered);

        assertThat(lanes.submit("fast", "deploy", () -> "fast").get(5, TimeUnit.SECONDS)).isEqualTo("fast");
        assertThat(lanes.call("other", "deploy", () -> "other")).isEqualTo("other");
        assertThat(slow).isNotDone();
        stuck.countDown();
        assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("slow");
    }

    @Test
    void aChangeQueuedBehindARunningOneJoinsTheLastOneWaitingIfItIsOfTheSameKind() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        lanes.submit("a", "deploy", () -> {
            entered.countDown();
            await(release);
            return "first";
        });
        await(entered);
        CompletableFuture<String> second = lanes.submit("a", "deploy", () -> "second-" + runs.incrementAndGet());
        CompletableFuture<String> third = lanes.submit("a", "deploy", () -> "third-" + runs.incrementAndGet());
        CompletableFuture<String> removal = lanes.submit("a", "remove", () -> "removed-" + runs.incrementAndGet());
        CompletableFuture<String> again = lanes.submit("a", "deploy", () -> "again-" + runs.incrementAndGet());

        assertThat(third).isSameAs(second);
        assertThat(again).as("a deploy after a removal is not folded into the one before it").isNotSameAs(second);
        release.countDown();
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second-1");
        assertThat(removal.get(5, TimeUnit.SECONDS)).isEqualTo("removed-2");
        assertThat(again.get(5, TimeUnit.SECONDS)).isEqualTo("again-3");
    }

    @Test
    void callFromAPoolThreadRunsInlineSoWaitingCannotUseUpThePool() throws Exception {
        SerialLanes<String, String> one = new SerialLanes<>("lanes-one", 1);
        try {
            CompletableFuture<String> outer = one.submit("a", "deploy",
                    () -> "outer+" + one.call("b", "deploy", () -> "inner+" + one.call("a", "deploy", () -> "again")));
            assertThat(outer.get(5, TimeUnit.SECONDS)).isEqualTo("outer+inner+again");
        } finally {
            one.close();
        }
    }

    @Test
    void closingCancelsWhatWaitsInterruptsWhatRunsAndTakesNoMore() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        CompletableFuture<String> running = lanes.submit("a", "deploy", () -> {
            entered.countDown();
            try {
                Thread.sleep(60_000);
                return "slept";
            } catch (InterruptedException e) {
                interrupted.set(true);
                return "interrupted";
            }
        });
        await(entered);
        CompletableFuture<String> waiting = lanes.submit("a", "remove", () -> "never");

        long started = System.nanoTime();
        lanes.close(Duration.ofSeconds(5));

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
        assertThat(running.get(1, TimeUnit.SECONDS)).isEqualTo("interrupted");
        assertThat(interrupted).isTrue();
        assertThat(waiting).isCancelled();
        assertThat(lanes.idle()).isTrue();
        assertThatThrownBy(() -> lanes.call("b", "deploy", () -> "late")).isInstanceOf(CancellationException.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
