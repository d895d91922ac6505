package dev.openevolve.benchmarks;

import dev.openevolve.analysis.Dbscan;
import dev.openevolve.analysis.StandardScaler;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.ml.clustering.DBSCANClusterer;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Dbscan#fit} beside Commons Math 3's {@link DBSCANClusterer} on the same standardised
 * 5-dimensional data (the seed's pipeline: StandardScaler, then eps 0.3 and min_samples 5), at 5k,
 * 20k and 50k points, and ours alone at 1M points ({@link #oursMillion}). {@link #baseline} reads
 * every coordinate once: the floor any clustering of the same data pays.
 *
 * <p>Commons Math is O(n²): at 50k points one operation takes minutes on a loaded machine. A
 * smoke run should restrict sizes, e.g. {@code -p size=5000}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class DbscanBenchmark {
    static final double EPS = 0.3;
    static final int MIN_SAMPLES = 5;

    /** Data at the sizes both implementations run. */
    @State(Scope.Benchmark)
    public static class Sizes {
        @Param({"5000", "20000", "50000"})
        public int size;

        double[][] points;
        List<DoublePoint> commonsPoints;

        @Setup
        public void setUp() {
            points = standardisedBlobs(size, 5, 42L);
            commonsPoints = new ArrayList<>(points.length);
            for (double[] p : points) {
                commonsPoints.add(new DoublePoint(p));
            }
        }
    }

    /** One million points: ours only. */
    @State(Scope.Benchmark)
    public static class Million {
        @Param({"1000000"})
        public int size;

        double[][] points;

        @Setup
        public void setUp() {
            points = standardisedBlobs(size, 5, 42L);
        }
    }

    @Benchmark
    public double baseline(Sizes data) {
        double sum = 0;
        for (double[] p : data.points) {
            for (double v : p) {
                sum += v;
            }
        }
        return sum;
    }

    @Benchmark
    public int[] ours(Sizes data) {
        return Dbscan.fit(data.points, EPS, MIN_SAMPLES);
    }

    @Benchmark
    public Object commonsMath(Sizes data) {
        return new DBSCANClusterer<DoublePoint>(EPS, MIN_SAMPLES).cluster(data.commonsPoints);
    }

    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 2)
    public int[] oursMillion(Million data) {
        return Dbscan.fit(data.points, EPS, MIN_SAMPLES);
    }

    /**
     * Eight Gaussian blobs of different spreads plus 10 % uniform background in {@code dims}
     * dimensions, standardised like the seed does before clustering. Deterministic for a seed.
     */
    static double[][] standardisedBlobs(int n, int dims, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int blobs = 8;
        double[][] centres = new double[blobs][dims];
        double[] spread = new double[blobs];
        for (int b = 0; b < blobs; b++) {
            for (int j = 0; j < dims; j++) {
                centres[b][j] = gaussian(random) * 4;
            }
            spread[b] = 0.3 + 0.7 * random.nextDouble();
        }
        double[][] x = new double[n][dims];
        for (double[] row : x) {
            if (random.nextDouble() < 0.1) {
                for (int j = 0; j < dims; j++) {
                    row[j] = -10 + 20 * random.nextDouble();
                }
            } else {
                int b = random.nextInt(blobs);
                for (int j = 0; j < dims; j++) {
                    row[j] = centres[b][j] + spread[b] * gaussian(random);
                }
            }
        }
        return StandardScaler.fit(x).transform(x);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
