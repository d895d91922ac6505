package dev.openevolve.store.jdbc;

import dev.openevolve.spi.Program;
import dev.openevolve.spi.Settings;
import java.time.Instant;
import java.util.Map;

/**
 * A child process of {@link KillDurabilityTest}: opens a store from {@code key=value} arguments after the first
 * (the round) and saves programs of run {@code parallel} from {@value #THREADS} threads without end, as the engine
 * does with {@code parallel_iterations}, printing {@code started ID} before a save and {@code saved ID} after it
 * returned, until it is killed.
 */
public final class ParallelSaver {
    static final String RUN = "parallel";
    static final int THREADS = 4;

    private ParallelSaver() {
    }

    /** The program saved under {@code id}. */
    static Program program(String id) {
        return new Program(id, "# " + id + "\nx = " + id.hashCode() + "\n", "python", null, 1, 1, 0,
                Map.of("combined_score", 0.5), Map.of("stdout", "ok"), "", Instant.parse("2024-04-01T00:00:00Z"));
    }

    public static void main(String[] args) {
        String round = args[0];
        var store = JdbcStore.open(Settings.of(DurabilityWriter.settings(args, 1)));
        for (int t = 0; t < THREADS; t++) {
            String prefix = "r" + round + "-t" + t + "-";
            new Thread(() -> {
                for (int i = 0; ; i++) {
                    String id = prefix + i;
                    print("started " + id);
                    store.programs().save(RUN, program(id));
                    print("saved " + id);
                }
            }, "saver-" + t).start();
        }
    }

    private static void print(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
