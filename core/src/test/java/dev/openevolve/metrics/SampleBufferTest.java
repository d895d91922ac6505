package dev.openevolve.metrics;

import dev.openevolve.spi.ProcessSnapshot;
import dev.openevolve.spi.SampleBatch;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleBufferTest {
    private static final ProcessSnapshot PROCESS = new ProcessSnapshot(Instant.EPOCH, 1, 1, 1);

    private static SampledOperation op(String operation, long start, long end) {
        SampledOperation op = new SampledOperation(null, null).reset("c", operation);
        op.startNanos = start;
        op.endNanos = end;
        op.measured = true;
        op.allocatedAtStart = 100;
        op.allocatedAtEnd = 164;
        op.cpuAtStart = -1;
        op.cpuAtEnd = -1;
        return op;
    }

    /** What a host thread does: take a segment when it has none, write, let go of it once full. */
    private static final class Producer {
        final SampleBuffer buffer;
        SampleSegment segment;
        boolean filledOne;

        Producer(SampleBuffer buffer) {
            this.buffer = buffer;
        }

        boolean record(SampledOperation op) {
            if (segment == null) {
                segment = buffer.take(Thread.currentThread(), !filledOne);
                if (segment == null) {
                    return false;
                }
            }
            if (segment.write(op)) {
                buffer.filled(segment);
                segment = null;
                filledOne = true;
            }
            return true;
        }
    }

    private static List<String> collect(SampleBuffer buffer, int max, boolean toTargets) {
        SampleBatch.Builder out = SampleBatch.builder(4);
        int n = buffer.collect(out, max, toTargets, 0, 0, 0);
        SampleBatch batch = out.build(PROCESS);
        assertThat(batch.size()).isEqualTo(n);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            names.add(batch.operation(i));
        }
        return names;
    }

    @Test
    void segmentSizeFollowsTheCapacityAndRejectsNone() {
        assertThat(new SampleBuffer(65_536).segmentSize()).isEqualTo(256);
        assertThat(new SampleBuffer(1_000_000).segmentSize()).isEqualTo(256);
        assertThat(new SampleBuffer(4_096).segmentSize()).isEqualTo(16);
        assertThat(new SampleBuffer(100).segmentSize()).isEqualTo(1);
        assertThatThrownBy(() -> new SampleBuffer(0)).hasMessage("capacity must be at least 1 but was 0");
        assertThatThrownBy(() -> new SampleSegment(0)).hasMessage("segment size must be at least 1 but was 0");
    }

    @Test
    void aThreadsFirstSegmentIsSmallAndItsLaterOnesFullSize() {
        SampleBuffer buffer = new SampleBuffer(65_536);
        Producer producer = new Producer(buffer);
        producer.record(op("first", 0, 1));
        assertThat(producer.segment.size).isEqualTo(16);
        for (int i = 1; i < 17; i++) {
            producer.record(op("op" + i, 0, 1));
        }
        assertThat(producer.segment.size).isEqualTo(256);
        assertThat(buffer.buffered()).isEqualTo(17);
        assertThat(new SampleBuffer(100).firstSegmentSize()).isEqualTo(1);
        assertThat(new SampleBuffer(4_096).firstSegmentSize()).isEqualTo(16);
    }

    @Test
    void aFullSegmentIsLetGoAndReusedOnceTheStoreAcceptedIt() {
        SampleBuffer buffer = new SampleBuffer(2_560); // segments of 10
        SampleSegment first = buffer.take(Thread.currentThread(), false);
        for (int i = 0; i < 9; i++) {
            assertThat(first.write(op("op" + i, 0, 1))).isFalse();
        }
        assertThat(first.write(op("op9", 0, 1))).as("the last slot").isTrue();
        buffer.filled(first);
        SampleSegment second = buffer.take(Thread.currentThread(), false);
        second.write(op("op10", 0, 1));

        assertThat(collect(buffer, 100, false)).containsExactly("op0", "op1", "op2", "op3", "op4", "op5", "op6", "op7",
                "op8", "op9", "op10");
        buffer.commit();

        assertThat(buffer.counts()).isEqualTo(new SampleBuffer.Counts(11, 11));
        assertThat(buffer.take(Thread.currentThread(), false)).as("the full segment, reused").isSameAs(first);
        assertThat(first.published()).isZero();
        second.write(op("op11", 0, 1));
        assertThat(collect(buffer, 100, false)).as("the live thread's segment stays its own").containsExactly("op11");
    }

    @Test
    void fullSegmentsHoldAtMostTheCapacityAndRoomComesBackWithTheStore() {
        SampleBuffer buffer = new SampleBuffer(5); // segments of 1
        Producer producer = new Producer(buffer);
        for (int i = 0; i < 5; i++) {
            assertThat(producer.record(op("op" + i, 0, 1))).isTrue();
        }
        assertThat(producer.record(op("overflow", 0, 1))).isFalse();
        assertThat(buffer.buffered()).isEqualTo(5);

        assertThat(collect(buffer, 2, false)).containsExactly("op0", "op1");
        assertThat(producer.record(op("still full", 0, 1))).as("collected is not yet accepted").isFalse();
        buffer.commit();
        assertThat(producer.record(op("op5", 0, 1))).isTrue();
        assertThat(producer.record(op("op6", 0, 1))).isTrue();
        assertThat(producer.record(op("overflow", 0, 1))).isFalse();
        assertThat(collect(buffer, 100, false)).containsExactly("op2", "op3", "op4", "op5", "op6");
    }

    @Test
    void whatTheStoreRefusedIsCollectedAgain() {
        SampleBuffer buffer = new SampleBuffer(2_560);
        Producer producer = new Producer(buffer);
        for (int i = 0; i < 4; i++) {
            producer.record(op("op" + i, 0, 1));
        }
        assertThat(collect(buffer, 3, false)).containsExactly("op0", "op1", "op2");
        buffer.rollback();
        assertThat(collect(buffer, 3, false)).containsExactly("op0", "op1", "op2");
        buffer.commit();
        assertThat(collect(buffer, 3, false)).containsExactly("op3");
        buffer.commit();
        assertThat(buffer.counts()).isEqualTo(new SampleBuffer.Counts(4, 4));
    }

    @Test
    void targetsStopAtWhatWasPublishedWhenTheyWereMarked() {
        SampleBuffer buffer = new SampleBuffer(2_560);
        Producer producer = new Producer(buffer);
        producer.record(op("before1", 0, 1));
        producer.record(op("before2", 0, 1));
        buffer.markTargets();
        producer.record(op("after", 0, 1));
        assertThat(buffer.beforeTargets()).isEqualTo(2);

        assertThat(collect(buffer, 100, true)).containsExactly("before1", "before2");
        buffer.commit();

        assertThat(buffer.beforeTargets()).isZero();
        assertThat(buffer.buffered()).isEqualTo(1);
    }

    @Test
    void aDeadThreadsPartlyWrittenSegmentIsWrittenOutThenReused() throws Exception {
        SampleBuffer buffer = new SampleBuffer(2_560);
        AtomicReference<SampleSegment> taken = new AtomicReference<>();
        Thread host = new Thread(() -> {
            Producer producer = new Producer(buffer);
            for (int i = 0; i < 3; i++) {
                producer.record(op("op" + i, 0, 1));
            }
            taken.set(producer.segment);
        });
        host.start();
        host.join();

        buffer.commit(); // the thread is dead, but its samples are not written yet: the segment stays
        assertThat(collect(buffer, 100, false)).containsExactly("op0", "op1", "op2");
        buffer.commit();

        assertThat(buffer.buffered()).isZero();
        assertThat(buffer.take(Thread.currentThread(), false)).isSameAs(taken.get());
    }

    @Test
    void copiesReadingsAndDatesTheStartByTheWallClock() {
        SampleSegment segment = new SampleSegment(2);
        SampledOperation failed = op("pay", 1_000, 4_000);
        failed.fail("declined").context("k", "v");
        failed.cpuAtStart = 10;
        failed.cpuAtEnd = 35;
        segment.write(failed);
        SampledOperation plain = op("list", 2_000, 2_500);
        plain.measured = false;
        segment.write(plain);
        SampleBatch.Builder out = SampleBatch.builder(2);

        segment.copyTo(0, out, 100, 500, 2_000);
        segment.copyTo(1, out, 100, 500, 2_000);

        SampleBatch batch = out.build(PROCESS);
        assertThat(batch.start(0)).isEqualTo(Instant.ofEpochSecond(99, 999_999_500));
        assertThat(batch.durationNanos(0)).isEqualTo(3_000);
        assertThat(batch.allocatedBytes(0)).isEqualTo(64);
        assertThat(batch.cpuNanos(0)).isEqualTo(25);
        assertThat(batch.success(0)).isFalse();
        assertThat(batch.errorMessage(0)).isEqualTo("declined");
        assertThat(batch.context(0)).containsExactlyEntriesOf(Map.of("k", "v"));
        assertThat(batch.start(1)).isEqualTo(Instant.ofEpochSecond(100, 500));
        assertThat(batch.durationNanos(1)).isEqualTo(500);
        assertThat(batch.allocatedBytes(1)).isEqualTo(-1);
        assertThat(batch.cpuNanos(1)).isEqualTo(-1);
        assertThat(batch.success(1)).isTrue();
        assertThat(batch.errorMessage(1)).isNull();
        assertThat(batch.context(1)).isEmpty();
    }

    @Test
    void keepsTheFlagsBesideAnyDurationAndClampsOnlyPastTheLongestASlotHolds() {
        long[] durations = {0, 1, 65_535, 65_536, 3_600_000_000_000L, SampleSegment.MAX_DURATION_NANOS,
                SampleSegment.MAX_DURATION_NANOS + 1, Long.MAX_VALUE - 10, -5};
        long[] expected = {0, 1, 65_535, 65_536, 3_600_000_000_000L, SampleSegment.MAX_DURATION_NANOS,
                SampleSegment.MAX_DURATION_NANOS, SampleSegment.MAX_DURATION_NANOS, 0};
        SampleSegment segment = new SampleSegment(durations.length);
        for (long duration : durations) {
            SampledOperation op = op("any", 10, 10 + duration);
            op.fail("slow").context("k", "v");
            segment.write(op);
        }
        SampleBatch.Builder out = SampleBatch.builder(durations.length);
        for (int slot = 0; slot < durations.length; slot++) {
            segment.copyTo(slot, out, 100, 0, 10);
        }
        SampleBatch batch = out.build(PROCESS);
        for (int i = 0; i < durations.length; i++) {
            assertThat(batch.durationNanos(i)).as("duration %d", durations[i]).isEqualTo(expected[i]);
            assertThat(batch.success(i)).isFalse();
            assertThat(batch.allocatedBytes(i)).isEqualTo(64);
            assertThat(batch.cpuNanos(i)).isEqualTo(-1);
            assertThat(batch.context(i)).containsExactlyEntriesOf(Map.of("k", "v"));
        }
    }

    @Test
    void datesASampleOfAnyAgeExactly() {
        long nanoNow = 50_000_000_000L;
        long[] ages = {0, 1, 499, 500, 501, 999_999_999, 1_000_000_000, 1_000_000_500, 2_500_000_000L, -1, -700,
                -1_000_000_000, 3_600_000_000_000L};
        for (int wallNano : new int[] {0, 500, 999_999_999}) {
            SampleSegment segment = new SampleSegment(ages.length);
            for (long age : ages) {
                segment.write(op("any", nanoNow - age, nanoNow - age + 1));
            }
            SampleBatch.Builder out = SampleBatch.builder(ages.length);
            for (int slot = 0; slot < ages.length; slot++) {
                segment.copyTo(slot, out, 1_000_000, wallNano, nanoNow);
            }
            SampleBatch batch = out.build(PROCESS);
            for (int slot = 0; slot < ages.length; slot++) {
                assertThat(batch.start(slot)).as("age %d ns at wall nano %d", ages[slot], wallNano)
                        .isEqualTo(Instant.ofEpochSecond(1_000_000, wallNano).minusNanos(ages[slot]));
            }
        }
    }

    @Test
    void aReusedSlotKeepsNoErrorOrContextOfItsLastUse() {
        SampleBuffer buffer = new SampleBuffer(1);
        SampleSegment segment = buffer.take(Thread.currentThread(), false);
        SampledOperation failed = op("pay", 0, 1);
        failed.errorMessage = "declined";
        failed.failed = true;
        failed.context = new String[] {"k", "v"};
        failed.contextSize = 2;
        assertThat(segment.write(failed)).isTrue();
        buffer.filled(segment);
        collect(buffer, 1, false);
        buffer.commit();

        SampleSegment again = buffer.take(Thread.currentThread(), false);
        assertThat(again).isSameAs(segment);
        again.write(op("list", 0, 1));
        SampleBatch.Builder out = SampleBatch.builder(1);
        buffer.collect(out, 1, false, 0, 0, 0);
        SampleBatch batch = out.build(PROCESS);
        assertThat(batch.errorMessage(0)).isNull();
        assertThat(batch.success(0)).isTrue();
        assertThat(batch.context(0)).isEmpty();
    }

    @Test
    void concurrentProducersLoseNothingKeepTheirOrderAndStayWithinTheBound() throws Exception {
        int producers = 4;
        int perProducer = 50_000;
        SampleBuffer buffer = new SampleBuffer(4_096); // segments of 16
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            names.add("p" + p);
        }
        for (int p = 0; p < producers; p++) {
            String name = names.get(p);
            Thread t = new Thread(() -> {
                Producer producer = new Producer(buffer);
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    SampledOperation op = new SampledOperation(null, null).reset(name, name);
                    op.startNanos = i;
                    op.endNanos = i;
                    while (!producer.record(op)) {
                        Thread.onSpinWait();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        Map<String, Long> next = new HashMap<>();
        go.countDown();
        long total = (long) producers * perProducer;
        long seen = 0;
        long bound = buffer.capacity() + (long) producers * buffer.segmentSize();
        while (seen < total) {
            assertThat(buffer.buffered()).isLessThanOrEqualTo(bound);
            SampleBatch.Builder out = SampleBatch.builder(64);
            int n = buffer.collect(out, 500, false, 0, 0, 1_000_000_000L);
            buffer.commit();
            SampleBatch batch = out.build(PROCESS);
            for (int k = 0; k < n; k++) {
                String producer = batch.operation(k);
                // copyTo dated the monotonic start back from 1e9 at the wall clock's epoch
                long index = 1_000_000_000L + batch.start(k).getEpochSecond() * 1_000_000_000L
                        + batch.start(k).getNano();
                long expected = next.getOrDefault(producer, 0L);
                assertThat(index).as("next sample of %s", producer).isEqualTo(expected);
                next.put(producer, expected + 1);
            }
            seen += n;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(next).hasSize(producers).allSatisfy((producer, count) -> assertThat(count).isEqualTo(perProducer));
        buffer.commit();
        assertThat(buffer.counts()).isEqualTo(new SampleBuffer.Counts(total, total));
        assertThat(buffer.buffered()).isZero();
    }
}
