package dev.openevolve.internal.sandbox;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a sandboxed process ended. Immutable.
 *
 * @param exitCode              the exit code; {@code 128 + n} when killed by signal {@code n}
 * @param stdout                what the process wrote on stdout, up to the output cap (UTF-8)
 * @param stderrTail            the last part of what it wrote on stderr (UTF-8)
 * @param timedOut              whether the wall-clock limit killed it
 * @param outputLimitExceeded   whether the output cap killed it
 * @param elapsed               wall-clock time from start to end
 * @param limits                the limits that applied
 * @param timeout               the wall-clock limit that applied
 */
public record SandboxResult(int exitCode, String stdout, String stderrTail, boolean timedOut,
                            boolean outputLimitExceeded, Duration elapsed, SandboxLimits limits, Duration timeout) {

    private static final int SIGKILL = 9;
    private static final int SIGXCPU = 24;
    private static final int SIGXFSZ = 25;

    public SandboxResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderrTail, "stderrTail");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * The sandbox limit that ended the process, phrased for a failure reason, for example
     * {@code "timed out after 3 s (evaluation.timeout); process tree killed"}; empty when none did.
     */
    public Optional<String> limitHit() {
        if (timedOut) {
            return Optional.of("timed out after " + Seconds.format(timeout)
                    + " (evaluation.timeout); process tree killed");
        }
        if (outputLimitExceeded) {
            return Optional.of("output limit exceeded: more than " + limits.maxOutputBytes()
                    + " bytes written (evaluation.max_output_bytes); process tree killed");
        }
        if (exitCode == 128 + SIGXCPU || (exitCode == 128 + SIGKILL && cpuLimitLikely())) {
            return Optional.of("cpu time limit of " + Sandbox.cpuSeconds(timeout) + " s exceeded (ulimit -t)");
        }
        if (exitCode == 128 + SIGXFSZ) {
            return Optional.of("file size limit of " + limits.maxFileBytes() + " bytes exceeded (ulimit -f)");
        }
        return Optional.empty();
    }

    /** Whether the process exited with code 0 and no limit ended it. */
    public boolean exitedNormally() {
        return exitCode == 0 && !timedOut && !outputLimitExceeded;
    }

    /** A short description of how the process ended: a limit, a signal or the exit code. */
    public String describeEnd() {
        return limitHit().orElseGet(() -> exitCode > 128 && exitCode < 128 + 65
                ? "killed by signal " + (exitCode - 128) + signalName(exitCode - 128)
                : "exited with code " + exitCode);
    }

    private boolean cpuLimitLikely() {
        return elapsed.compareTo(Duration.ofSeconds(Sandbox.cpuSeconds(timeout))) >= 0;
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 6 -> " (SIGABRT)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
    }
}
