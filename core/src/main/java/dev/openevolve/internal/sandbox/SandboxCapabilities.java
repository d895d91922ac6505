package dev.openevolve.internal.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the sandbox can enforce on this machine, found once by probing the OS. Immutable.
 *
 * @param setsid            path of {@code setsid}: each sandboxed process leads its own process group
 * @param prlimit           path of {@code prlimit}: cpu, address-space, file-size and process-count rlimits
 * @param setpriv           path of {@code setpriv}: when running as root, drop to {@link #sandboxUid()}
 * @param sandboxUid        the unprivileged uid sandboxed processes run as, or {@code -1} when they keep ours
 * @param unshare           path of {@code unshare} when it can give a process an empty network namespace
 * @param pidsCgroupRoot    a writable cgroup directory with the {@code pids} controller, for a per-run pids.max
 * @param kill              path of {@code kill}, used to signal a whole process group
 */
public record SandboxCapabilities(Optional<Path> setsid, Optional<Path> prlimit, Optional<Path> setpriv,
                                  int sandboxUid, Optional<Path> unshare, Optional<Path> pidsCgroupRoot,
                                  Optional<Path> kill) {

    /** Whether processes run as an unprivileged user. */
    public boolean dropsPrivileges() {
        return sandboxUid >= 0 && setpriv.isPresent();
    }

    /** Whether the number of processes of one sandboxed tree is capped. */
    public boolean capsProcesses() {
        return pidsCgroupRoot.isPresent() || (dropsPrivileges() && prlimit.isPresent());
    }

    /** Whether sandboxed processes get no network. */
    public boolean isolatesNetwork() {
        return unshare.isPresent();
    }

    /** The one-line summary logged at start-up: what is enforced and what is not available. */
    public String describe() {
        List<String> on = new ArrayList<>(List.of("wall-clock timeout", "output cap", "scrubbed environment",
                "temporary working dir"));
        List<String> off = new ArrayList<>();
        on.add(setsid.isPresent() ? "process-tree kill (process group"
                + (pidsCgroupRoot.isPresent() ? " + cgroup)" : ")") : "process-tree kill (descendants)");
        if (prlimit.isPresent()) {
            on.add("cpu time");
            on.add("memory (-Xmx for JVMs, address space for others)");
            on.add("file size");
        } else {
            on.add("memory (-Xmx for JVMs only)");
            off.add("cpu time, address space and file size (no prlimit)");
        }
        if (pidsCgroupRoot.isPresent()) {
            on.add("process count (cgroup pids.max)");
        } else if (dropsPrivileges() && prlimit.isPresent()) {
            on.add("process count (RLIMIT_NPROC, shared by all sandboxes of uid " + sandboxUid + ")");
        } else {
            off.add("process count (running as root without a writable pids cgroup)");
        }
        if (dropsPrivileges()) {
            on.add("unprivileged user (uid " + sandboxUid + ")");
        } else {
            off.add("unprivileged user");
        }
        if (isolatesNetwork()) {
            on.add("network isolation (empty network namespace)");
        } else {
            off.add("network isolation");
        }
        off.add("filesystem isolation (world-writable dirs such as /tmp stay writable)");
        return "sandbox: " + String.join(", ", on) + " enforced; unavailable: " + String.join(", ", off);
    }
}
