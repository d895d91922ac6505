package dev.openevolve.metrics;

import dev.openevolve.spi.ProcessSnapshot;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Reads process-level heap, resident set size and CPU percent. CPU percent is the process CPU time used between
 * two reads over the wall time between them (0–100 × cores). Not thread safe: the flusher thread owns it.
 */
final class ProcessReader {
    private static final Path STATUS = Path.of("/proc/self/status");

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private boolean rssReadable = Files.isReadable(STATUS);
    private long lastCpuNanos = -1;
    private long lastWallNanos;

    ProcessSnapshot read(Instant at) {
        return new ProcessSnapshot(at, memory.getHeapMemoryUsage().getUsed(), rssBytes(), cpuPercent());
    }

    private double cpuPercent() {
        if (!(os instanceof com.sun.management.OperatingSystemMXBean)) {
            return -1;
        }
        long cpu = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        long wall = System.nanoTime();
        double percent = -1;
        if (cpu >= 0 && lastCpuNanos >= 0 && wall > lastWallNanos) {
            percent = 100.0 * (cpu - lastCpuNanos) / (wall - lastWallNanos);
        }
        lastCpuNanos = cpu;
        lastWallNanos = wall;
        return percent;
    }

    /** VmRSS from /proc/self/status: stated in kB there, so no page size has to be guessed as with statm. */
    private long rssBytes() {
        if (!rssReadable) {
            return -1;
        }
        try (BufferedReader in = Files.newBufferedReader(STATUS, StandardCharsets.US_ASCII)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            rssReadable = false;
        }
        return -1;
    }
}
