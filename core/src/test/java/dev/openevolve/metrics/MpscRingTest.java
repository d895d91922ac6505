package dev.openevolve.metrics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MpscRingTest {

    @Test
    void holdsAtMostItsCapacityEvenWhenTheArrayIsLarger() {
        MpscRing<String> ring = new MpscRing<>(5);
        for (int i = 0; i < 5; i++) {
            assertThat(ring.offer("e" + i)).isEqualTo(i);
        }
        assertThat(ring.offer("overflow")).isEqualTo(-1);
        assertThat(ring.produced()).isEqualTo(5);
        assertThat(ring.capacity()).isEqualTo(5);
    }

    @Test
    void peekLeavesElementsInPlaceUntilReleased() {
        MpscRing<String> ring = new MpscRing<>(2);
        ring.offer("a");
        ring.offer("b");
        assertThat(ring.peek(0)).isEqualTo("a");
        assertThat(ring.peek(1)).isEqualTo("b");
        assertThat(ring.offer("c")).isEqualTo(-1);

        ring.release(1);

        assertThat(ring.consumed()).isEqualTo(1);
        assertThat(ring.offer("c")).isEqualTo(2);
        assertThat(ring.peek(1)).isEqualTo("b");
        assertThat(ring.peek(2)).isEqualTo("c");
    }

    @Test
    void wrapsAroundManyTimesInFifoOrder() {
        MpscRing<Integer> ring = new MpscRing<>(3);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ring.offer(i);
            if (i % 3 == 2) {
                for (long j = ring.consumed(); j < ring.produced(); j++) {
                    out.add(ring.peek(j));
                }
                ring.release(ring.produced());
            }
        }
        assertThat(out).hasSize(99).startsWith(0, 1, 2, 3).endsWith(98);
    }

    @Test
    void rejectsReleaseBeyondWhatWasProduced() {
        MpscRing<String> ring = new MpscRing<>(4);
        ring.offer("a");
        assertThatThrownBy(() -> ring.release(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("release up to 2 outside [0, 1]");
    }

    @Test
    void rejectsCapacityOutOfRange() {
        assertThatThrownBy(() -> new MpscRing<>(0))
                .hasMessage("capacity must be in [1, 1073741824] but was 0");
    }

    @Test
    void concurrentProducersLoseNothingAndNeverExceedCapacity() throws Exception {
        int producers = 4;
        int perProducer = 20_000;
        MpscRing<Integer> ring = new MpscRing<>(1024);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    while (ring.offer(base + i) < 0) {
                        Thread.onSpinWait();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        Set<Integer> seen = new HashSet<>();
        go.countDown();
        int total = producers * perProducer;
        while (seen.size() < total) {
            long from = ring.consumed();
            long to = ring.produced();
            assertThat(to - from).isLessThanOrEqualTo(1024);
            long i = from;
            for (; i < to; i++) {
                Integer e = ring.peek(i);
                if (e == null) {
                    break;
                }
                assertThat(seen.add(e)).as("element %s seen once", e).isTrue();
            }
            ring.release(i);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(seen).hasSize(total);
        assertThat(ring.produced()).isEqualTo(total);
    }
}
