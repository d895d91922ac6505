package dev.openevolve.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Candidates die with their host: a host JVM killed with kill -9 leaves nothing running and no folder behind. */
class HostDeathTest {

    /** A host that evaluates one long candidate (a shell that starts a child of its own) and prints its workspace. */
    public static final class Host {
        public static void main(String[] args) throws Exception {
            Sandbox sandbox = Sandbox.create(SandboxLimits.of(256, 1 << 20));
            try (Workspace workspace = sandbox.newWorkspace()) {
                System.out.println(workspace.path());
                System.out.flush();
                sandbox.run(new SandboxCommand(List.of("/bin/sh", "-c",
                        "sleep 300 & echo $! > child.pid; echo $$ > shell.pid; wait"), workspace.path(), Map.of(),
                        Duration.ofSeconds(600), false, false));
            }
        }
    }

    @Test
    void aHostKilledWithKill9LeavesNoCandidateRunningAndNoWorkspaceOnceASandboxStartsAgain() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process host = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Host.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<ProcessHandle> candidates = new ArrayList<>();
        try {
            Path workspace;
            try (var out = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
                workspace = Path.of(out.readLine());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!(Files.exists(workspace.resolve("shell.pid")) && Files.exists(workspace.resolve("child.pid")))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                for (String file : List.of("shell.pid", "child.pid")) {
                    long pid = Long.parseLong(Files.readString(workspace.resolve(file)).strip());
                    candidates.add(ProcessHandle.of(pid).orElseThrow());
                }
                host.destroyForcibly();   // SIGKILL: no shutdown hook, no close
                assertThat(host.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(candidates).allMatch(ProcessHandle::isAlive);   // what kill -9 leaves behind
            assertThat(workspace).isDirectory();

            Sandbox.create(SandboxLimits.of(256, 1 << 20));   // the next start

            for (ProcessHandle candidate : candidates) {
                candidate.onExit().get(10, TimeUnit.SECONDS);
            }
            assertThat(candidates).noneMatch(ProcessHandle::isAlive);
            assertThat(workspace).doesNotExist();
        } finally {
            host.destroyForcibly();
            candidates.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void theWorkspacesOfALiveHostAreNeverTouched() throws Exception {
        Sandbox sandbox = Sandbox.create(SandboxLimits.of(256, 1 << 20));
        try (Workspace mine = sandbox.newWorkspace()) {
            Files.writeString(mine.path().resolve("file"), "kept");
            Sandbox.create(SandboxLimits.of(256, 1 << 20));
            assertThat(mine.path().resolve("file")).hasContent("kept");
        }
    }
}
