package dev.openevolve.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    @Test
    void aFullQueueRefusesWithoutBlockingCountsAndReportsTheDropsLater() throws Exception {
        var release = new CountDownLatch(1);
        var started = new CountDownLatch(1);
        var handled = new CopyOnWriteArrayList<String>();
        var reported = new AtomicLong();
        var queue = new EventQueue(4, new EventQueue.Handler() {
            @Override
            public void dropped(long count) {
                reported.addAndGet(count);
            }

            @Override
            public void handle(EventQueue.Published event) throws Exception {
                started.countDown();
                release.await();
                handled.add(event.type());
            }

            @Override
            public void failed(EventQueue.Published event, Exception e) {
            }
        });
        try {
            assertThat(queue.offer(event("first"))).isTrue();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();   // the worker is now stuck in the handler

            int accepted = 0;
            for (int i = 0; i < 1000; i++) {                             // would hang here if offer blocked
                accepted += queue.offer(event("e" + i)) ? 1 : 0;
            }

            assertThat(accepted).isEqualTo(4);
            assertThat(queue.dropped()).isEqualTo(996);
            assertThat(queue.size()).isEqualTo(4);
            release.countDown();
            queue.close(Duration.ofSeconds(10));
            assertThat(handled).containsExactly("first", "e0", "e1", "e2", "e3");
            assertThat(reported.get()).isEqualTo(996);
            assertThat(queue.handled()).isEqualTo(5);
        } finally {
            release.countDown();
            queue.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void aFailingHandlerIsCountedAndTheNextEventsStillRun() {
        var handled = new CopyOnWriteArrayList<String>();
        var failures = new CopyOnWriteArrayList<String>();
        var queue = new EventQueue(16, new EventQueue.Handler() {
            @Override
            public void dropped(long count) {
            }

            @Override
            public void handle(EventQueue.Published event) {
                if (event.type().equals("bad")) {
                    throw new IllegalStateException("broken handler");
                }
                handled.add(event.type());
            }

            @Override
            public void failed(EventQueue.Published event, Exception e) {
                failures.add(event.type() + ": " + e.getMessage());
            }
        });
        for (String t : List.of("a", "bad", "b")) {
            queue.offer(event(t));
        }
        queue.close(Duration.ofSeconds(10));

        assertThat(handled).containsExactly("a", "b");
        assertThat(failures).containsExactly("bad: broken handler");
        assertThat(queue.failed()).isEqualTo(1);
        assertThat(queue.offer(event("after close"))).isFalse();
    }

    private static EventQueue.Published event(String type) {
        return new EventQueue.Published(type, Instant.EPOCH, Map.of());
    }
}
