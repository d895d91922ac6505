package dev.openevolve.cluster;

import java.nio.file.Path;

/** A controller's side of a run in its own process: {@code <url> <user> <password> <run> <evaluator>}; holds it until killed. */
public final class HoldRunMain {
    private HoldRunMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        var cluster = ClusterEvaluation.builder().settings(ClusterSettings.of(args[0], args[1], args[2]))
                .runId(args[3]).evaluatorFile(Path.of(args[4])).build();
        System.out.println("holding run " + args[3]);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
        cluster.close();
    }
}
