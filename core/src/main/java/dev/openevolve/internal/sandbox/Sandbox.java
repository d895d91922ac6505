package dev.openevolve.internal.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs untrusted processes with the limits this OS allows: a fresh temporary working directory, a scrubbed
 * environment (only PATH, LANG, HOME and TMPDIR pointing at the working directory, CARGO_HOME and RUSTUP_HOME
 * pointing at the host's toolchains when present, plus what the caller passes;
 * never the host's API keys or passwords), a wall-clock timeout that kills the whole process tree, an output cap,
 * and where available cpu time, address space, file size and process-count limits, an unprivileged user and an
 * empty network namespace. {@link SandboxCapabilities#describe()} says which; it is logged once per class loader.
 *
 * <p>Workspaces and cgroups carry their host's pid and start time in their names. Creating a sandbox first cleans
 * up after hosts that died without closing theirs (kill -9): their leftover candidates are killed and their
 * workspaces and cgroups removed; those of live hosts are never touched.
 *
 * <p>Thread safe: one sandbox runs any number of processes at once. It holds no resources of its own; each
 * {@link Workspace} and {@link SandboxedProcess} is closed by whoever made it.
 */
public final class Sandbox {
    private final SandboxLimits limits;
    private final SandboxCapabilities caps;
    private final Path workspaceRoot;
    private final Map<String, String> hostEnvironment;

    private Sandbox(SandboxLimits limits, SandboxCapabilities caps, Path workspaceRoot,
                    Map<String, String> hostEnvironment) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.caps = Objects.requireNonNull(caps, "caps");
        this.workspaceRoot = Objects.requireNonNull(workspaceRoot, "workspaceRoot");
        this.hostEnvironment = Map.copyOf(hostEnvironment);
    }

    private static Sandbox created(SandboxLimits limits, SandboxCapabilities caps, Map<String, String> environment) {
        Path root = defaultWorkspaceRoot();
        StaleSandboxes.remove(root, caps.pidsCgroupRoot());
        return new Sandbox(limits, caps, root, environment);
    }

    /** A sandbox with these limits and every capability this OS offers. */
    public static Sandbox create(SandboxLimits limits) {
        return created(limits, CapabilityProbe.detected(), System.getenv());
    }

    /** A sandbox with these limits and only the given capabilities (for tests or to switch features off). */
    public static Sandbox create(SandboxLimits limits, SandboxCapabilities capabilities) {
        return created(limits, capabilities, System.getenv());
    }

    /**
     * A sandbox that takes PATH and LANG from {@code hostEnvironment} instead of this process's environment (the
     * rest of it is dropped, as always); lets a test prove that a secret in the host environment never arrives.
     */
    public static Sandbox create(SandboxLimits limits, Map<String, String> hostEnvironment) {
        return created(limits, CapabilityProbe.detected(), hostEnvironment);
    }

    /** What this sandbox enforces. */
    public SandboxCapabilities capabilities() {
        return caps;
    }

    /** The limits applied to every process. */
    public SandboxLimits limits() {
        return limits;
    }

    /** A copy of this sandbox with other limits and the same capabilities. */
    public Sandbox withLimits(SandboxLimits newLimits) {
        return new Sandbox(newLimits, caps, workspaceRoot, hostEnvironment);
    }

    /** The whole seconds of cpu time a process with this wall-clock timeout may use: the timeout, rounded up, + 1. */
    public static long cpuSeconds(Duration timeout) {
        return (timeout.toMillis() + 999) / 1000 + 1;
    }

    /**
     * Creates a fresh private working directory owned by the sandbox user.
     *
     * @throws UncheckedIOException when the directory cannot be made
     */
    public Workspace newWorkspace() {
        try {
            Path dir = Files.createTempDirectory(workspaceRoot,
                    StaleSandboxes.WORKSPACE_PREFIX + Owner.current().tag(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (caps.dropsPrivileges()) {
                Files.setAttribute(dir, "unix:uid", caps.sandboxUid());
                Files.setAttribute(dir, "unix:gid", caps.sandboxUid());
            }
            return new Workspace(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a sandbox workspace under " + workspaceRoot, e);
        }
    }

    /**
     * Whether the unprivileged sandbox user can read {@code path} (and enter every directory above it); always
     * {@code true} when this sandbox does not drop privileges.
     */
    public boolean accessibleToSandboxUser(Path path) {
        if (!caps.dropsPrivileges()) {
            return true;
        }
        try {
            Path real = path.toRealPath();
            if (!othersMay(real, PosixFilePermission.OTHERS_READ)) {
                return false;
            }
            for (Path p = real.getParent(); p != null; p = p.getParent()) {
                if (!othersMay(p, PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private boolean othersMay(Path p, PosixFilePermission perm) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
        Object uid = Files.getAttribute(p, "unix:uid");
        return a.permissions().contains(perm) || Integer.valueOf(caps.sandboxUid()).equals(uid);
    }

    /**
     * Starts {@code command} in the sandbox and returns at once; the caller drains its output, enforces the
     * timeout and closes it. Use {@link #run} for a process that should simply run to its end.
     *
     * @throws IOException when the process cannot be started
     */
    public SandboxedProcess start(SandboxCommand command) throws IOException {
        Optional<Path> cgroup = createCgroup();
        try {
            ProcessBuilder pb = new ProcessBuilder(wrap(command, cgroup)).directory(command.workdir().toFile());
            Map<String, String> env = pb.environment();
            Map<String, String> keep = new HashMap<>();
            keep.put("PATH", hostEnvironment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
            keep.put("LANG", hostEnvironment.getOrDefault("LANG", "C.UTF-8"));
            keep.put("HOME", command.workdir().toString());
            keep.put("TMPDIR", command.workdir().toString());
            keep.putAll(toolchainHomes());
            keep.putAll(command.environment());
            env.clear();
            env.putAll(keep);
            return new SandboxedProcess(pb.start(), caps.setsid().isPresent(), cgroup);
        } catch (IOException | RuntimeException e) {
            cgroup.ifPresent(dir -> {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // an empty cgroup left behind is harmless
                }
            });
            throw e;
        }
    }

    /**
     * Runs {@code command} to its end or until a limit stops it, draining its output on two threads. The process
     * tree is always killed afterwards, so nothing it started outlives the call.
     *
     * @throws IOException          when the process cannot be started
     * @throws InterruptedException when the calling thread is interrupted; the process tree is killed first
     */
    public SandboxResult run(SandboxCommand command) throws IOException, InterruptedException {
        long started = System.nanoTime();
        try (SandboxedProcess p = start(command)) {
            p.stdin().close();
            AtomicLong written = new AtomicLong();
            AtomicBoolean overflow = new AtomicBoolean();
            Runnable onLimit = () -> {
                overflow.set(true);
                p.killTree();
            };
            String name = "sandbox-" + p.process().pid();
            OutputPump out = OutputPump.head(p.stdout(), written, limits.maxOutputBytes(), onLimit, name + "-out");
            OutputPump err = OutputPump.tail(p.stderr(), written, limits.maxOutputBytes(), onLimit, name + "-err");
            boolean finished;
            try {
                finished = p.process().waitFor(command.timeout().toNanos(), TimeUnit.NANOSECONDS);
            } finally {
                p.killTree();
            }
            p.process().waitFor();
            out.join(2000);
            err.join(2000);
            return new SandboxResult(p.process().exitValue(), out.text(), err.text(), !finished && !overflow.get(),
                    overflow.get(), Duration.ofNanos(System.nanoTime() - started), limits, command.timeout());
        }
    }

    private Optional<Path> createCgroup() {
        if (caps.pidsCgroupRoot().isEmpty()) {
            return Optional.empty();
        }
        Path dir = caps.pidsCgroupRoot().get().resolve(
                StaleSandboxes.CGROUP_PREFIX + Owner.current().tag() + java.util.UUID.randomUUID());
        try {
            Files.createDirectory(dir);
            Files.writeString(dir.resolve("pids.max"), Integer.toString(limits.maxProcesses()));
            return Optional.of(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create sandbox cgroup " + dir, e);
        }
    }

    /**
     * HOME is private to each run, so toolchains that find themselves through HOME (cargo, rustup) are pointed at
     * the host's installation explicitly.
     */
    private Map<String, String> toolchainHomes() {
        Map<String, String> homes = new HashMap<>();
        String home = hostEnvironment.get("HOME");
        for (String[] tool : new String[][] {{"CARGO_HOME", ".cargo"}, {"RUSTUP_HOME", ".rustup"}}) {
            String given = hostEnvironment.get(tool[0]);
            if (given != null) {
                homes.put(tool[0], given);
            } else if (home != null && Files.isDirectory(Path.of(home, tool[1]))) {
                homes.put(tool[0], Path.of(home, tool[1]).toString());
            }
        }
        return homes;
    }

    private List<String> wrap(SandboxCommand command, Optional<Path> cgroup) {
        List<String> c = new ArrayList<>();
        cgroup.ifPresent(dir -> c.addAll(List.of("/bin/sh", "-c", "echo $$ > \"$0\" || exit 125; exec \"$@\"",
                dir.resolve("cgroup.procs").toString())));
        caps.setsid().ifPresent(p -> c.add(p.toString()));
        caps.unshare().ifPresent(p -> c.addAll(List.of(p.toString(), "--net")));
        boolean drop = command.dropPrivileges() && caps.dropsPrivileges();
        caps.prlimit().ifPresent(p -> {
            long cpu = cpuSeconds(command.timeout());
            c.add(p.toString());
            c.add("--cpu=" + cpu + ":" + (cpu + 1));
            c.add("--fsize=" + limits.maxFileBytes());
            c.add("--core=0");
            if (!command.managedMemory()) {
                c.add("--as=" + ((long) limits.memoryLimitMb() << 20));
            }
            if (drop && cgroup.isEmpty()) {
                c.add("--nproc=" + limits.maxProcesses());
            }
            c.add("--");
        });
        if (drop) {
            c.addAll(List.of(caps.setpriv().orElseThrow().toString(), "--reuid=" + caps.sandboxUid(),
                    "--regid=" + caps.sandboxUid(), "--clear-groups", "--no-new-privs", "--"));
        }
        c.addAll(command.command());
        return c;
    }

    private static Path defaultWorkspaceRoot() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try {
            for (Path p = tmp.toRealPath(); p != null; p = p.getParent()) {
                if (!Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions()
                        .contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return Path.of("/tmp");
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return tmp;
        }
        return tmp;
    }
}
