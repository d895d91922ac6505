package dev.openevolve.internal.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after hosts that died without closing their sandboxes (kill -9, a crash, a power cut): their
 * candidates still running are killed (every process in the dead host's cgroups, and every process whose working
 * directory lies in one of its workspaces) and their workspaces and cgroups removed. Only what a host that is no
 * longer alive left behind is touched (see {@link Owner}); the sandboxes of live hosts, in this JVM or another,
 * never are. Stateless and thread safe; a best effort that logs what it could not do.
 */
final class StaleSandboxes {
    static final String WORKSPACE_PREFIX = "openevolve-sandbox";
    static final String CGROUP_PREFIX = "openevolve";
    private static final Logger LOG = LoggerFactory.getLogger(StaleSandboxes.class);
    private static final Path PROC = Path.of("/proc");

    private StaleSandboxes() {
    }

    /** Removes what dead hosts left under {@code workspaceRoot} and {@code cgroupRoot}. */
    static void remove(Path workspaceRoot, Optional<Path> cgroupRoot) {
        List<Path> workspaces = stale(workspaceRoot, WORKSPACE_PREFIX + "-");
        List<Path> cgroups = cgroupRoot.map(root -> stale(root, CGROUP_PREFIX + "-")).orElse(List.of());
        if (workspaces.isEmpty() && cgroups.isEmpty()) {
            return;
        }
        int killed = 0;
        for (Path cgroup : cgroups) {
            killed += killCgroup(cgroup);
        }
        killed += killProcessesIn(workspaces);
        for (Path workspace : workspaces) {
            try {
                Workspace.deleteTree(workspace);
            } catch (IOException e) {
                LOG.warn("sandbox: could not remove the stale workspace {}: {}", workspace, e.toString());
            }
        }
        LOG.info("sandbox: cleaned up after {} dead host(s): killed {} leftover candidate process(es), removed {}"
                + " workspace(s) and {} cgroup(s)", owners(workspaces, cgroups), killed, workspaces.size(),
                cgroups.size());
    }

    private static List<Path> stale(Path root, String prefix) {
        var found = new ArrayList<Path>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, prefix + "*")) {
            for (Path p : entries) {
                Optional<Owner> owner = Owner.ofName(p.getFileName().toString());
                if (owner.isPresent() && !owner.get().alive() && Files.isDirectory(p)) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            LOG.debug("sandbox: cannot list {}: {}", root, e.toString());
        }
        return found;
    }

    private static int killCgroup(Path cgroup) {
        int killed = 0;
        for (int round = 0; round < 50; round++) {
            List<Long> pids = pidsIn(cgroup.resolve("cgroup.procs"));
            if (pids.isEmpty()) {
                break;
            }
            for (long pid : pids) {
                if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
                    killed++;
                }
            }
            pause();
        }
        try {
            Files.deleteIfExists(cgroup);
        } catch (IOException e) {
            LOG.warn("sandbox: could not remove the stale cgroup {}: {}", cgroup, e.toString());
        }
        return killed;
    }

    /** Kills every process whose working directory is inside one of {@code workspaces}. */
    private static int killProcessesIn(List<Path> workspaces) {
        if (workspaces.isEmpty() || !Files.isDirectory(PROC)) {
            return 0;
        }
        int killed = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path process : processes) {
                Path cwd;
                try {
                    cwd = Files.readSymbolicLink(process.resolve("cwd"));
                } catch (IOException | UnsupportedOperationException | SecurityException e) {
                    continue;   // gone meanwhile, or not ours to see
                }
                if (workspaces.stream().anyMatch(cwd::startsWith)) {
                    long pid = Long.parseLong(process.getFileName().toString());
                    if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
                        killed++;
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("sandbox: cannot list processes: {}", e.toString());
        }
        return killed;
    }

    private static List<Long> pidsIn(Path procs) {
        try {
            return Files.readAllLines(procs).stream().map(String::strip).filter(s -> !s.isEmpty())
                    .map(Long::parseLong).toList();
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
    }

    private static long owners(List<Path> workspaces, List<Path> cgroups) {
        return java.util.stream.Stream.concat(workspaces.stream(), cgroups.stream())
                .map(p -> Owner.ofName(p.getFileName().toString())).distinct().count();
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
