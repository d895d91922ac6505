package dev.openevolve.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxTest {
    private static final SandboxLimits LIMITS = new SandboxLimits(128, 100_000, 64, 1 << 20);

    private static SandboxResult sh(Sandbox sandbox, Workspace ws, String script, Duration timeout) throws Exception {
        return sandbox.run(new SandboxCommand(List.of("/bin/sh", "-c", script), ws.path(), Map.of(), timeout, false,
                true));
    }

    @Test
    void describesWhatIsEnforcedOnThisOs() {
        String d = Sandbox.create(LIMITS).capabilities().describe();
        assertThat(d).startsWith("sandbox: wall-clock timeout, output cap, scrubbed environment, temporary working dir")
                .contains(" enforced; unavailable: ");
    }

    @Test
    void toolchainsFoundThroughHomeStillWorkWithThePrivateHome(@org.junit.jupiter.api.io.TempDir Path home)
            throws Exception {
        Path cargoHome = Files.createDirectories(home.resolve(".cargo"));
        Path rustupHome = Files.createDirectories(home.resolve(".rustup"));
        Map<String, String> host = new HashMap<>(System.getenv());
        host.remove("CARGO_HOME");
        host.remove("RUSTUP_HOME");
        host.put("HOME", home.toString());
        Sandbox sandbox = Sandbox.create(LIMITS, host);
        try (Workspace ws = sandbox.newWorkspace()) {
            SandboxResult r = sandbox.run(new SandboxCommand(List.of("/usr/bin/env"), ws.path(), Map.of(),
                    Duration.ofSeconds(10), false, true));
            assertThat(r.stdout()).contains("HOME=" + ws.path()).contains("CARGO_HOME=" + cargoHome)
                    .contains("RUSTUP_HOME=" + rustupHome);
        }
        Path cargo = Path.of(System.getenv().getOrDefault("HOME", "/nonexistent"), ".cargo", "bin", "cargo");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(cargo), "no cargo installed here: not run");
        Sandbox real = Sandbox.create(LIMITS);
        try (Workspace ws = real.newWorkspace()) {
            SandboxResult r = real.run(new SandboxCommand(List.of(cargo.toString(), "--version"), ws.path(), Map.of(),
                    Duration.ofSeconds(30), false, false));
            assertThat(r.exitCode()).as(r.stderrTail()).isZero();
            assertThat(r.stdout()).startsWith("cargo ");
        }
    }

    @Test
    void environmentIsScrubbedAndHomeIsTheWorkspace() throws Exception {
        Map<String, String> host = new HashMap<>(System.getenv());
        host.put("OPENEVOLVE_API_KEY", "sk-secret");
        host.put("AWS_SECRET_ACCESS_KEY", "aws-secret");
        Sandbox sandbox = Sandbox.create(LIMITS, host);
        try (Workspace ws = sandbox.newWorkspace()) {
            SandboxResult r = sandbox.run(new SandboxCommand(List.of("/usr/bin/env"), ws.path(),
                    Map.of("EXTRA", "passed"), Duration.ofSeconds(10), false, true));
            assertThat(r.exitedNormally()).isTrue();
            assertThat(r.stdout()).doesNotContain("sk-secret").doesNotContain("aws-secret")
                    .contains("HOME=" + ws.path()).contains("TMPDIR=" + ws.path()).contains("EXTRA=passed");
        }
    }

    @Test
    void timeoutKillsTheWholeProcessTreeIncludingDetachedChildren() throws Exception {
        Sandbox sandbox = Sandbox.create(LIMITS);
        try (Workspace ws = sandbox.newWorkspace()) {
            Path pidFile = ws.path().resolve("bg.pid");
            SandboxResult r = sh(sandbox, ws, "sleep 300 & echo $! > " + pidFile + "; sleep 300",
                    Duration.ofMillis(500));
            assertThat(r.timedOut()).isTrue();
            assertThat(r.limitHit()).hasValue("timed out after 0.5 s (evaluation.timeout); process tree killed");
            long bg = Long.parseLong(Files.readString(pidFile).trim());
            assertThat(runningAfterKill(bg)).isFalse();
        }
    }

    @Test
    void backgroundProcessesLeftByAFinishedCommandAreKilled() throws Exception {
        Sandbox sandbox = Sandbox.create(LIMITS);
        try (Workspace ws = sandbox.newWorkspace()) {
            Path pidFile = ws.path().resolve("bg.pid");
            SandboxResult r = sh(sandbox, ws, "nohup sleep 300 >/dev/null 2>&1 & echo $! > " + pidFile,
                    Duration.ofSeconds(10));
            assertThat(r.exitedNormally()).isTrue();
            long bg = Long.parseLong(Files.readString(pidFile).trim());
            assertThat(runningAfterKill(bg)).isFalse();
        }
    }

    @Test
    void strayProcessesAreFoundAndKilledWithTheCgroupAndWithoutOne() throws Exception {
        SandboxCapabilities all = Sandbox.create(LIMITS).capabilities();
        SandboxCapabilities noCgroup = new SandboxCapabilities(all.setsid(), all.prlimit(), all.setpriv(),
                all.sandboxUid(), all.unshare(), java.util.Optional.empty(), all.kill());
        for (SandboxCapabilities caps : List.of(all, noCgroup)) {
            Sandbox sandbox = Sandbox.create(LIMITS, caps);
            try (Workspace ws = sandbox.newWorkspace()) {
                Path pidFile = ws.path().resolve("bg.pid");
                try (SandboxedProcess p = sandbox.start(new SandboxCommand(List.of("/bin/sh", "-c",
                        "sleep 300 & echo $! > " + pidFile + "; read line"), ws.path(), Map.of(),
                        Duration.ofSeconds(30), false, true))) {
                    for (int i = 0; i < 500 && (!Files.exists(pidFile) || Files.size(pidFile) == 0); i++) {
                        Thread.sleep(10);
                    }
                    long bg = Long.parseLong(Files.readString(pidFile).trim());
                    assertThat(p.hasStrayProcesses()).as(caps.describe()).isTrue();
                    assertThat(p.hasStrayProcesses(bg)).as("the one expected child is no stray").isFalse();
                    p.killTree();
                    assertThat(runningAfterKill(bg)).isFalse();
                    assertThat(p.process().waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                }
            }
        }
    }

    @Test
    void outputBeyondTheCapKillsTheProcess() throws Exception {
        Sandbox sandbox = Sandbox.create(LIMITS);
        try (Workspace ws = sandbox.newWorkspace()) {
            SandboxResult r = sh(sandbox, ws, "yes >&2", Duration.ofSeconds(20));
            assertThat(r.outputLimitExceeded()).isTrue();
            assertThat(r.describeEnd())
                    .isEqualTo("output limit exceeded: more than 100000 bytes written (evaluation.max_output_bytes); "
                            + "process tree killed");
            assertThat(r.stderrTail()).hasSizeLessThanOrEqualTo(OutputPump.TAIL_BYTES).startsWith("y");
        }
    }

    @Test
    void workspaceIsDeletedOnClose() throws Exception {
        Sandbox sandbox = Sandbox.create(LIMITS);
        Path dir;
        try (Workspace ws = sandbox.newWorkspace()) {
            dir = ws.path();
            sh(sandbox, ws, "mkdir -p a/b && echo x > a/b/c && chmod 000 a/b", Duration.ofSeconds(10));
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void fileSizeLimitStopsHugeFiles() throws Exception {
        Sandbox sandbox = Sandbox.create(LIMITS);
        org.junit.jupiter.api.Assumptions.assumeTrue(sandbox.capabilities().prlimit().isPresent(), "no prlimit here");
        try (Workspace ws = sandbox.newWorkspace()) {
            SandboxResult r = sh(sandbox, ws, "head -c 5000000 /dev/zero > big", Duration.ofSeconds(10));
            assertThat(r.exitedNormally()).isFalse();
            assertThat(Files.size(ws.path().resolve("big"))).isLessThanOrEqualTo(1 << 20);
        }
    }

    /** Whether {@code pid} still runs (a killed process may stay a zombie briefly until init reaps it). */
    private static boolean runningAfterKill(long pid) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                    return false;
                }
            } catch (java.io.IOException gone) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    void durationsFormatWithoutTrailingZeros() {
        assertThat(Seconds.format(Duration.ofSeconds(5))).isEqualTo("5 s");
        assertThat(Seconds.format(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(Seconds.format(Duration.ofMillis(250))).isEqualTo("0.25 s");
    }
}
