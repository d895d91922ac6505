package dev.openevolve.internal.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live process started by {@link Sandbox#start}: its streams, and {@link #killTree()} which kills it with every
 * process it started (its cgroup when the sandbox made one, which nothing unprivileged can leave; otherwise its
 * session and its descendants). Thread safe; {@link #close()} kills the tree and releases the cgroup, and must be
 * called once the caller is done.
 */
public final class SandboxedProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxedProcess.class);

    private final Process process;
    private final boolean sessionLeader;
    private final Optional<Path> cgroup;

    SandboxedProcess(Process process, boolean sessionLeader, Optional<Path> cgroup) {
        this.process = process;
        this.sessionLeader = sessionLeader;
        this.cgroup = cgroup;
    }

    /** The child's stdin. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** The child's stdout; drain it, or the child blocks. */
    public InputStream stdout() {
        return process.getInputStream();
    }

    /** The child's stderr; drain it, or the child blocks. */
    public InputStream stderr() {
        return process.getErrorStream();
    }

    /** The underlying process (its pid, exit value, {@code waitFor}). */
    public Process process() {
        return process;
    }

    /** Whether the child itself is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Whether any process other than the child itself runs in its cgroup, or, without a cgroup, in its session or
     * below it. A cgroup holds every process started inside it (an unprivileged process cannot leave it), so with
     * one it is the only place looked at: one small file read instead of a scan of {@code /proc}.
     */
    public boolean hasStrayProcesses() {
        return hasStrayProcesses(-1);
    }

    /** {@link #hasStrayProcesses()}, not counting the process {@code expected} (a child the caller knows of). */
    public boolean hasStrayProcesses(long expected) {
        long self = process.pid();
        return tree().stream().anyMatch(h -> h.pid() != self && h.pid() != expected);
    }

    /**
     * Sends SIGKILL to the child and every process of its cgroup, or without a cgroup of its session and its
     * descendants, repeating until none is left (a fork bomb keeps forking while it is being killed). Idempotent.
     */
    public void killTree() {
        long sid = process.pid();
        for (int round = 0; round < 200; round++) {
            List<ProcessHandle> victims = tree();
            if (process.isAlive()) {
                victims.add(process.toHandle());
            }
            if (victims.isEmpty()) {
                return;
            }
            victims.forEach(ProcessHandle::destroyForcibly);
            if (round > 0) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    victims.forEach(ProcessHandle::destroyForcibly);
                }
            }
        }
        LOG.warn("sandbox: processes of pid {} still alive after repeated SIGKILL", sid);
    }

    /** The live processes of the child's cgroup; without one, its descendants and session, in one /proc scan. */
    private List<ProcessHandle> tree() {
        if (cgroup.isPresent()) {
            return cgroupMembers(cgroup.get());
        }
        return scan(process.pid(), sessionLeader);
    }

    /** Kills the tree, waits for the child to be reaped and removes its cgroup. Idempotent. */
    @Override
    public void close() {
        killTree();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cgroup.ifPresent(SandboxedProcess::removeCgroup);
    }

    /** Live descendants of {@code root} and, when it leads a session, the other members of its session. */
    private static List<ProcessHandle> scan(long root, boolean session) {
        Map<Long, Long> parents = new HashMap<>();
        List<Long> members = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> isNumeric(p))) {
            for (Path p : procs) {
                long[] stat = parentAndSession(p);
                if (stat != null) {
                    long pid = Long.parseLong(p.getFileName().toString());
                    parents.put(pid, stat[0]);
                    if (session && stat[1] == root && pid != root) {
                        members.add(pid);
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list /proc: {}", e.toString());
        }
        Map<Long, List<Long>> children = new HashMap<>();
        parents.forEach((pid, ppid) -> children.computeIfAbsent(ppid, k -> new ArrayList<>()).add(pid));
        var found = new java.util.LinkedHashSet<Long>(members);
        var todo = new ArrayDeque<Long>(List.of(root));
        while (!todo.isEmpty()) {
            for (long child : children.getOrDefault(todo.poll(), List.of())) {
                if (found.add(child)) {
                    todo.add(child);
                }
            }
        }
        found.remove(root);
        List<ProcessHandle> live = new ArrayList<>();
        for (long pid : found) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(live::add);
        }
        return live;
    }

    /** The parent pid and session id from {@code /proc/<pid>/stat}; null for a zombie or a process gone. */
    private static long[] parentAndSession(Path procDir) {
        try {
            String stat = Files.readString(procDir.resolve("stat"));
            // fields after the ")" closing the command name: state ppid pgrp session ...
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (f[0].equals("Z")) {
                return null;
            }
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[3])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean isNumeric(Path p) {
        String s = p.getFileName().toString();
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static List<ProcessHandle> cgroupMembers(Path dir) {
        List<ProcessHandle> members = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                if (!line.isBlank()) {
                    ProcessHandle.of(Long.parseLong(line.trim())).filter(ProcessHandle::isAlive)
                            .ifPresent(members::add);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read {}: {}", dir, e.toString());
        }
        return members;
    }

    private static void removeCgroup(Path dir) {
        for (int i = 0; i < 200; i++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                cgroupMembers(dir).forEach(ProcessHandle::destroyForcibly);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        LOG.warn("sandbox: could not remove cgroup {}", dir);
    }
}
