package dev.openevolve.metrics;

import dev.openevolve.spi.ProcessSnapshot;
import dev.openevolve.spi.SampleBatch;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleRingTest {
    private static final ProcessSnapshot PROCESS = new ProcessSnapshot(Instant.EPOCH, 1, 1, 1);

    private static SampledOperation op(String operation, long start, long end) {
        SampledOperation op = new SampledOperation(null, null).reset("c", operation);
        op.startNanos = start;
        op.endNanos = end;
        op.allocatedAtStart = 100;
        op.allocatedAtEnd = 164;
        return op;
    }

    private static List<String> drain(SampleRing ring) {
        SampleBatch.Builder out = SampleBatch.builder(4);
        long from = ring.consumed();
        long to = ring.produced();
        for (long i = from; i < to; i++) {
            assertThat(ring.isPublished(i)).isTrue();
            ring.copyTo(i, out, 0, 0, 0);
        }
        ring.release(to);
        SampleBatch batch = out.build(PROCESS);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            names.add(batch.operation(i));
        }
        return names;
    }

    @Test
    void holdsAtMostItsCapacityEvenWhenTheColumnsAreLarger() {
        SampleRing ring = new SampleRing(5);
        for (int i = 0; i < 5; i++) {
            assertThat(ring.offer(op("e" + i, 0, 1))).isEqualTo(i);
        }
        assertThat(ring.offer(op("overflow", 0, 1))).isEqualTo(-1);
        assertThat(ring.produced()).isEqualTo(5);
        assertThat(ring.capacity()).isEqualTo(5);
    }

    @Test
    void copiesReadingsAndDatesTheStartByTheWallClock() {
        SampleRing ring = new SampleRing(2);
        SampledOperation failed = op("pay", 1_000, 4_000);
        failed.failed = true;
        failed.errorMessage = "declined";
        failed.context = new String[] {"k", "v", null, null};
        failed.contextSize = 2;
        ring.offer(failed);
        SampleBatch.Builder out = SampleBatch.builder(1);

        ring.copyTo(0, out, 100, 500, 2_000);

        SampleBatch batch = out.build(PROCESS);
        assertThat(batch.start(0)).isEqualTo(Instant.ofEpochSecond(99, 999_999_500));
        assertThat(batch.durationNanos(0)).isEqualTo(3_000);
        assertThat(batch.allocatedBytes(0)).isEqualTo(64);
        assertThat(batch.cpuNanos(0)).isEqualTo(-1);
        assertThat(batch.success(0)).isFalse();
        assertThat(batch.errorMessage(0)).isEqualTo("declined");
        assertThat(batch.context(0)).containsExactlyEntriesOf(java.util.Map.of("k", "v"));
    }

    @Test
    void samplesStayInPlaceUntilReleasedAndWrapAroundInFifoOrder() {
        SampleRing ring = new SampleRing(3);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            assertThat(ring.offer(op("op" + i, 0, 1))).isEqualTo(i);
            if (i % 3 == 2) {
                assertThat(ring.offer(op("full", 0, 1))).isEqualTo(-1);
                out.addAll(drain(ring));
            }
        }
        assertThat(out).hasSize(99).startsWith("op0", "op1", "op2", "op3").endsWith("op98");
    }

    @Test
    void rejectsReleaseBeyondWhatWasProducedAndCapacityOutOfRange() {
        SampleRing ring = new SampleRing(4);
        ring.offer(op("a", 0, 1));
        assertThatThrownBy(() -> ring.release(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("release up to 2 outside [0, 1]");
        assertThatThrownBy(() -> new SampleRing(0))
                .hasMessage("capacity must be in [1, 1073741824] but was 0");
    }

    @Test
    void concurrentProducersLoseNothingAndNeverExceedCapacity() throws Exception {
        int producers = 4;
        int perProducer = 20_000;
        SampleRing ring = new SampleRing(1024);
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
                    SampledOperation op = op(Integer.toString(base + i), 0, 1);
                    while (ring.offer(op) < 0) {
                        Thread.onSpinWait();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        Set<String> seen = new HashSet<>();
        go.countDown();
        int total = producers * perProducer;
        while (seen.size() < total) {
            long from = ring.consumed();
            long to = ring.produced();
            assertThat(to - from).isLessThanOrEqualTo(1024);
            SampleBatch.Builder out = SampleBatch.builder(16);
            long i = from;
            for (; i < to && ring.isPublished(i); i++) {
                ring.copyTo(i, out, 0, 0, 0);
            }
            ring.release(i);
            SampleBatch batch = out.build(PROCESS);
            for (int k = 0; k < batch.size(); k++) {
                assertThat(seen.add(batch.operation(k))).as("sample %s seen once", batch.operation(k)).isTrue();
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(seen).hasSize(total);
        assertThat(ring.produced()).isEqualTo(total);
    }
}
