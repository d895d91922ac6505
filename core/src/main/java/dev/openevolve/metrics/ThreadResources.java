package dev.openevolve.metrics;

import java.lang.management.ManagementFactory;

/** Reads the current thread's allocated bytes and CPU time; thread safe. */
interface ThreadResources {

    /** Bytes the current thread has allocated so far, or {@code -1} when the JVM does not tell. */
    long allocatedBytes();

    /** CPU time the current thread has used so far in nanoseconds, or {@code -1} when the JVM does not tell. */
    long cpuNanos();

    /** The JVM's {@code com.sun.management.ThreadMXBean}, or a reader answering {@code -1} where unsupported. */
    static ThreadResources jvm() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean) {
            return new JvmThreadResources((com.sun.management.ThreadMXBean) bean);
        }
        boolean cpu = bean.isCurrentThreadCpuTimeSupported();
        return new ThreadResources() {
            @Override
            public long allocatedBytes() {
                return -1;
            }

            @Override
            public long cpuNanos() {
                return cpu ? bean.getCurrentThreadCpuTime() : -1;
            }
        };
    }
}
