package dev.openevolve.store.jdbc;

import dev.openevolve.spi.PerformanceSample;
import dev.openevolve.spi.ProcessSnapshot;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.RunCheckpoint;
import dev.openevolve.spi.SampleBatch;
import dev.openevolve.spi.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The child process of {@link KillDurabilityTest}: opens a store from {@code key=value} arguments
 * and writes programs of run {@code durability} without end, printing {@code saved N} after the
 * save of program N returned (and {@code checkpoint N} after checkpoint N did), until it is killed.
 */
public final class DurabilityWriter {
    static final String RUN = "durability";
    static final int BATCH = 50;
    static final Instant T0 = Instant.parse("2024-04-01T00:00:00Z");

    private DurabilityWriter() {
    }

    /** Program {@code i} exactly as the writer saves it the second time. */
    static Program program(int i) {
        return new Program(String.format("p-%06d", i), "def f():\n    return " + i + "  # '); DROP TABLE x; --\n",
                "python", i == 0 ? null : String.format("p-%06d", i - 1), i, i, i % 3,
                Map.of("combined_score", i / 1000.0, "i", (double) i), Map.of("stdout", "ok " + i), "step " + i,
                T0.plusSeconds(i));
    }

    /** The {@code key=value} arguments from {@code from} on, as store settings. */
    static Map<String, String> settings(String[] args, int from) {
        var settings = new HashMap<String, String>();
        for (int i = from; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        return settings;
    }

    public static void main(String[] args) {
        var store = JdbcStore.open(Settings.of(settings(args, 0)));
        for (int i = 0; ; i++) {
            Program p = program(i);
            store.programs().save(RUN, new Program(p.id(), "first draft", p.language(), p.parentId(), p.generation(),
                    p.iteration(), p.island(), Map.of(), Map.of(), "", p.createdAt()));
            store.programs().save(RUN, p);
            System.out.println("saved " + i);
            if (i % 5 == 0) {
                store.programs().saveCheckpoint(new RunCheckpoint(RUN, i, "{\"next\":" + (i + 1) + "}", T0));
                System.out.println("checkpoint " + i);
            }
            var samples = new ArrayList<PerformanceSample>(BATCH);
            for (int s = 0; s < BATCH; s++) {
                samples.add(new PerformanceSample("writer", "save", T0.plusMillis(i * (long) BATCH + s),
                        Duration.ofMillis(1), true, null, Map.of("i", Integer.toString(i)), -1, -1));
            }
            store.metrics().append(new SampleBatch(samples, new ProcessSnapshot(T0, 1, 1, 1)));
            System.out.flush();
        }
    }
}
