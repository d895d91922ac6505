package dev.openevolve.internal.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One process to run in a {@link Sandbox}. Immutable.
 *
 * @param command        the program and its arguments; the program should be an absolute path
 * @param workdir        the working directory, normally a {@link Workspace} of the same sandbox
 * @param environment    variables passed on top of the scrubbed base environment (PATH, LANG, HOME and TMPDIR)
 * @param timeout        the wall-clock limit; the whole process tree is killed when it passes
 * @param managedMemory  {@code true} when the process caps its own memory (a JVM given {@code -Xmx}); otherwise the
 *                       sandbox applies an address-space limit
 * @param dropPrivileges run as the unprivileged sandbox user when the sandbox can; pass {@code false} when the
 *                       program or its inputs are not readable by that user
 *                       (see {@link Sandbox#accessibleToSandboxUser(Path)})
 */
public record SandboxCommand(List<String> command, Path workdir, Map<String, String> environment, Duration timeout,
                             boolean managedMemory, boolean dropPrivileges) {
    public SandboxCommand {
        Objects.requireNonNull(workdir, "workdir");
        Objects.requireNonNull(timeout, "timeout");
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("sandbox command must not be empty");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("sandbox timeout must be positive but was " + timeout);
        }
    }
}
