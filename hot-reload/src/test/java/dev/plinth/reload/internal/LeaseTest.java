package dev.plinth.reload.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaseTest {
    private final AtomicInteger closes = new AtomicInteger();
    private final Lease lease = new Lease(closes::incrementAndGet);

    @Test
    void closesAtOnceWhenIdle() {
        lease.retire();
        assertThat(closes).hasValue(1);
        assertThat(lease.tryEnter()).isFalse();
        assertThat(closes).hasValue(1);
    }

    @Test
    void closesAfterTheLastCallLeaves() {
        assertThat(lease.tryEnter()).isTrue();
        assertThat(lease.tryEnter()).isTrue();
        lease.retire();
        assertThat(closes).hasValue(0);
        lease.exit();
        assertThat(closes).hasValue(0);
        lease.exit();
        assertThat(closes).hasValue(1);
    }

    @Test
    void closesExactlyOnceUnderContention() throws InterruptedException {
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicInteger enteredAfterClose = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < 20_000; i++) {
                        if (lease.tryEnter()) {
                            if (closes.get() > 0) {
                                enteredAfterClose.incrementAndGet();
                            }
                            lease.exit();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        go.countDown();
        Thread.sleep(5);
        lease.retire();
        done.await();
        assertThat(closes).hasValue(1);
        assertThat(enteredAfterClose).hasValue(0);
    }
}
