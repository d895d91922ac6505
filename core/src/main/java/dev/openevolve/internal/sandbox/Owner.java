package dev.openevolve.internal.sandbox;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host process that made a sandbox workspace or cgroup, written into its name as
 * {@code <pid>.<start-millis>} so that a later host can tell whether the owner is still alive (a
 * reused pid has another start time). Immutable.
 */
record Owner(long pid, long startMillis) {
    private static final Pattern IN_NAME = Pattern.compile("-(\\d+)\\.(\\d+)-");

    /** This JVM. */
    static Owner current() {
        ProcessHandle self = ProcessHandle.current();
        return new Owner(self.pid(), startMillis(self));
    }

    /** The owner written in {@code name} by {@link #tag()}, if any. */
    static Optional<Owner> ofName(String name) {
        Matcher m = IN_NAME.matcher(name);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Owner(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code -<pid>.<start>-}, to put into a name after its prefix. */
    String tag() {
        return "-" + pid + "." + startMillis + "-";
    }

    /** Whether the process that made the name still runs. */
    boolean alive() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(h -> startMillis(h) == startMillis || startMillis(h) < 0)
                .orElse(false);
    }

    private static long startMillis(ProcessHandle handle) {
        return handle.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L);
    }
}
