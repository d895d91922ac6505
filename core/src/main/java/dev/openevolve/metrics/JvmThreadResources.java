package dev.openevolve.metrics;

/** {@link ThreadResources} from HotSpot's extended thread bean; a host may switch measurement off at run time. */
final class JvmThreadResources implements ThreadResources {
    private final com.sun.management.ThreadMXBean bean;
    private final boolean allocationSupported;
    private final boolean cpuSupported;

    JvmThreadResources(com.sun.management.ThreadMXBean bean) {
        this.bean = bean;
        this.allocationSupported = bean.isThreadAllocatedMemorySupported();
        this.cpuSupported = bean.isCurrentThreadCpuTimeSupported();
    }

    @Override
    public long allocatedBytes() {
        return allocationSupported ? bean.getCurrentThreadAllocatedBytes() : -1;
    }

    @Override
    public long cpuNanos() {
        return cpuSupported ? bean.getCurrentThreadCpuTime() : -1;
    }
}
