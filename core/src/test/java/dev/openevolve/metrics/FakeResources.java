package dev.openevolve.metrics;

/** Thread resources a test sets by hand; the same values for every thread. */
final class FakeResources implements ThreadResources {
    volatile long allocated;
    volatile long cpu;

    @Override
    public long allocatedBytes() {
        return allocated;
    }

    @Override
    public long cpuNanos() {
        return cpu;
    }
}
