package dev.openevolve.cluster;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A worker process whose clock is off: {@code <url> <user> <password> <run> <evaluator> <offset seconds>}. Uses the
 * embeddable {@link ClusterWorker} API with an offset clock; stops on SIGTERM.
 */
public final class SkewedWorkerMain {
    private SkewedWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        var settings = ClusterSettings.of(args[0], args[1], args[2]).withPollInterval(Duration.ofSeconds(1))
                .withHeartbeat(Duration.ofSeconds(1), 4);
        var clock = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(Long.parseLong(args[5])));
        var worker = ClusterWorker.builder().settings(settings).runId(args[3]).evaluatorFile(Path.of(args[4]))
                .clock(clock).joinTimeout(Duration.ofMinutes(2)).build();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.start();
        System.out.println("skewed worker " + worker.id() + " started with clock offset " + args[5] + " s");
        worker.awaitStop();
    }
}
