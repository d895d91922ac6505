package dev.openevolve.benchmarks;

import dev.openevolve.config.ProgramsConfig;
import dev.openevolve.internal.database.ParentSelection;
import dev.openevolve.internal.database.ProgramDatabase;
import dev.openevolve.spi.Program;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The program database's hot path: one operation samples a parent and inspirations on a round-robin
 * island and adds a new program derived from the parent, at a population held at its cap (so every
 * operation also evicts one program). {@code baseline} derives the same program without touching the
 * database, which is the part of the cost that is not the database's.
 *
 * <p>Programs carry Python-like code of 30 to 70 lines drawn from a pool of variants (each derived
 * from another by a few line edits, as evolution does), so that the {@code complexity} and
 * {@code diversity} features and the code fingerprint cost what they would in a run. The database
 * uses OpenEvolve's default settings except {@code populationSize}; {@code baseline} needs no database
 * and so runs once, not per population. Filling 1,000,000 programs takes about 15 s of CPU.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx6g"})
public class ProgramDatabaseBenchmark {
    private static final int CODE_VARIANTS = 512;
    private static final int ISLANDS = 5;
    private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");

    /** Derives programs: code variants, the random source and the round-robin island. */
    @State(Scope.Benchmark)
    public static class Programs {
        private String[] codes;
        private SplittableRandom random;
        private int island;
        private long next;

        @Setup(Level.Trial)
        public void prepare() {
            random = new SplittableRandom(42);
            codes = codeVariants(random);
        }

        /** The island of the next operation, round robin. */
        int nextIsland() {
            int current = island;
            island = (current + 1) % ISLANDS;
            return current;
        }

        /** A new evaluated program on {@code island}, derived from {@code parent} when given. */
        Program derive(Program parent, int onIsland) {
            long n = next++;
            String code = codes[random.nextInt(CODE_VARIANTS)];
            return new Program("p" + n, code, "python", parent == null ? null : parent.id(),
                    parent == null ? 0 : parent.generation() + 1, n, onIsland,
                    Map.of("combined_score", random.nextDouble()), Map.of(), "", CREATED);
        }
    }

    /** A database filled to its cap of {@code population} programs (OpenEvolve's other defaults). */
    @State(Scope.Benchmark)
    public static class Filled {
        @Param({"1000", "100000", "1000000"})
        public int population;

        private ProgramDatabase database;

        @Setup(Level.Trial)
        public void fill(Programs programs) {
            ProgramsConfig defaults = ProgramsConfig.defaults();
            database = new ProgramDatabase(new ProgramsConfig(population, defaults.archiveSize(), ISLANDS,
                    defaults.eliteSelectionRatio(), defaults.explorationRatio(), defaults.exploitationRatio(),
                    defaults.featureDimensions(), defaults.featureBins(), defaults.binsPerDimension(),
                    defaults.migrationInterval(), defaults.migrationRate(), defaults.numInspirations()));
            for (int i = 0; i < population; i++) {
                database.add(programs.derive(null, i % ISLANDS));
            }
        }
    }

    /** Sample on the next island, derive a child of the parent and add it (evicting one program). */
    @Benchmark
    public ParentSelection sampleAndAdd(Filled filled, Programs programs) {
        int island = programs.nextIsland();
        ParentSelection selection = filled.database.sample(island, programs.random);
        filled.database.add(programs.derive(selection.parent(), island));
        return selection;
    }

    /** The same child derivation without the database: the cost of making the program record. */
    @Benchmark
    public Program baseline(Programs programs) {
        int island = programs.nextIsland();
        return programs.derive(null, island);
    }

    private static String[] codeVariants(SplittableRandom random) {
        List<List<String>> variants = new ArrayList<>();
        List<String> initial = new ArrayList<>();
        for (int l = 0; l < 40; l++) {
            initial.add("    acc_" + l + " = combine(acc_" + (l + 3) % 40 + ", weight * " + l + ")");
        }
        variants.add(initial);
        while (variants.size() < CODE_VARIANTS) {
            List<String> child = new ArrayList<>(variants.get(random.nextInt(variants.size())));
            for (int edit = 1 + random.nextInt(3); edit > 0; edit--) {
                int line = random.nextInt(child.size());
                String fresh = "    acc_" + random.nextInt(80) + " = tweak(acc_" + random.nextInt(80) + ", "
                        + random.nextInt(1000) + ")";
                if (child.size() < 70 && random.nextBoolean()) {
                    child.add(line, fresh);
                } else if (child.size() > 30 && random.nextInt(4) == 0) {
                    child.remove(line);
                } else {
                    child.set(line, fresh);
                }
            }
            variants.add(child);
        }
        return variants.stream()
                .map(lines -> "# EVOLVE-BLOCK-START\ndef solve(weight):\n" + String.join("\n", lines)
                        + "\n    return acc_0\n# EVOLVE-BLOCK-END\n")
                .toArray(String[]::new);
    }
}
