package dev.openevolve.internal.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds what this OS lets the sandbox enforce, by running the tools once. */
final class CapabilityProbe {
    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    static final int NOBODY_UID = 65534;

    private CapabilityProbe() {
    }

    /** Probed once per class loader, logged once: a fact about the OS, not mutable state. */
    static SandboxCapabilities detected() {
        return Holder.CAPABILITIES;
    }

    private static final class Holder {
        static final SandboxCapabilities CAPABILITIES = probe();

        static {
            LOG.info(CAPABILITIES.describe());
        }
    }

    static SandboxCapabilities probe() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return new SandboxCapabilities(Optional.empty(), Optional.empty(), Optional.empty(), -1,
                    Optional.empty(), Optional.empty(), Optional.empty());
        }
        Optional<Path> setsid = onPath("setsid").filter(p -> runs(p.toString(), "true"));
        Optional<Path> prlimit = onPath("prlimit").filter(p -> runs(p.toString(), "--cpu=100", "true"));
        Optional<Path> setpriv = Optional.empty();
        int uid = -1;
        if (currentUid() == 0) {
            setpriv = onPath("setpriv").filter(p -> runs(p.toString(), "--reuid=" + NOBODY_UID,
                    "--regid=" + NOBODY_UID, "--clear-groups", "true"));
            uid = setpriv.isPresent() ? NOBODY_UID : -1;
        }
        Optional<Path> unshare = onPath("unshare").filter(p -> runs(p.toString(), "--net", "true"));
        Optional<Path> cgroup = currentUid() == 0 ? pidsCgroup() : Optional.empty();
        Optional<Path> kill = onPath("kill");
        return new SandboxCapabilities(setsid, prlimit, setpriv, uid, unshare, cgroup, kill);
    }

    static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    private static Optional<Path> pidsCgroup() {
        for (Path root : List.of(Path.of("/sys/fs/cgroup/pids"), Path.of("/sys/fs/cgroup"))) {
            Path probe = root.resolve("openevolve-probe-" + ProcessHandle.current().pid());
            try {
                if (!Files.isDirectory(root)) {
                    continue;
                }
                Files.createDirectory(probe);
                try {
                    Path max = probe.resolve("pids.max");
                    if (Files.exists(max)) {
                        Files.writeString(max, "10");
                        return Optional.of(root);
                    }
                } finally {
                    Files.deleteIfExists(probe);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("sandbox: no pids cgroup at {}: {}", root, e.toString());
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> onPath(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, tool);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
