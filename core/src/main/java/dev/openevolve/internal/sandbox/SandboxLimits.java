package dev.openevolve.internal.sandbox;

import dev.openevolve.config.EvaluationConfig;

/**
 * The resource caps a {@link Sandbox} applies to every process it starts. Immutable.
 *
 * @param memoryLimitMb   memory per process in MiB: {@code -Xmx} for JVMs (the caller passes it), the address-space
 *                        limit for any other process
 * @param maxOutputBytes  bytes a process may write to stdout and stderr together before it is killed
 * @param maxProcesses    tasks (processes and threads) a sandboxed process tree may hold at once
 * @param maxFileBytes    the largest file a sandboxed process may write
 */
public record SandboxLimits(int memoryLimitMb, long maxOutputBytes, int maxProcesses, long maxFileBytes) {

    /** Default cap on tasks per sandbox: room for a JVM's threads, far below a fork bomb. */
    public static final int DEFAULT_MAX_PROCESSES = 128;
    /** Default cap on a single written file: 64 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;

    public SandboxLimits {
        if (memoryLimitMb < 16) {
            throw new IllegalArgumentException("evaluation.memory_limit_mb must be at least 16 but was " + memoryLimitMb);
        }
        if (maxOutputBytes < 1) {
            throw new IllegalArgumentException("evaluation.max_output_bytes must be positive but was " + maxOutputBytes);
        }
        if (maxProcesses < 1) {
            throw new IllegalArgumentException("sandbox max processes must be at least 1 but was " + maxProcesses);
        }
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("sandbox max file bytes must be positive but was " + maxFileBytes);
        }
    }

    /** The limits named by an evaluation config, with the default process and file caps. */
    public static SandboxLimits of(EvaluationConfig config) {
        return of(config.memoryLimitMb(), config.maxOutputBytes());
    }

    /** Limits with this memory and output cap and the default process and file caps. */
    public static SandboxLimits of(int memoryLimitMb, long maxOutputBytes) {
        return new SandboxLimits(memoryLimitMb, maxOutputBytes, DEFAULT_MAX_PROCESSES, DEFAULT_MAX_FILE_BYTES);
    }

    /** A copy with another memory limit. */
    public SandboxLimits withMemoryLimitMb(int mb) {
        return new SandboxLimits(mb, maxOutputBytes, maxProcesses, maxFileBytes);
    }

    /** A copy with another output cap. */
    public SandboxLimits withMaxOutputBytes(long bytes) {
        return new SandboxLimits(memoryLimitMb, bytes, maxProcesses, maxFileBytes);
    }

    /** A copy with another process cap. */
    public SandboxLimits withMaxProcesses(int processes) {
        return new SandboxLimits(memoryLimitMb, maxOutputBytes, processes, maxFileBytes);
    }
}
