import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Scores a {@code PriceEngine}: first it must price fixed baskets to the cent, then it is timed (warm-up, then the
 * best of several rounds of calls, so one pause of the machine does not decide). combined_score is calls per
 * millisecond: higher is faster. A wrong total scores 0.
 */
public class PriceHarness {
    private static final int ITEMS = 128;
    private static final int WARM_UP_CALLS = 150;
    private static final int ROUNDS = 5;
    private static final int CALLS_PER_ROUND = 40;

    public static Map<String, Object> evaluate() {
        var result = new LinkedHashMap<String, Object>();
        var random = new SplittableRandom(2026);
        int[][] quantities = new int[8][];
        int[][] cents = new int[8][];
        for (int b = 0; b < quantities.length; b++) {
            quantities[b] = new int[ITEMS + b];
            cents[b] = new int[ITEMS + b];
            for (int i = 0; i < quantities[b].length; i++) {
                quantities[b][i] = 1 + random.nextInt(5);
                cents[b][i] = 99 + random.nextInt(10_000);
            }
            long expected = reference(quantities[b], cents[b]);
            long actual = PriceEngine.total(quantities[b], cents[b]);
            if (actual != expected) {
                result.put("combined_score", 0.0);
                result.put("correct", 0);
                result.put("error", "basket " + b + " priced " + actual + " instead of " + expected);
                return result;
            }
        }
        long sink = 0;
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            sink += PriceEngine.total(quantities[i % 8], cents[i % 8]);
        }
        double bestNanos = Double.MAX_VALUE;
        for (int r = 0; r < ROUNDS; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < CALLS_PER_ROUND; i++) {
                sink += PriceEngine.total(quantities[0], cents[0]);
            }
            bestNanos = Math.min(bestNanos, (System.nanoTime() - start) / (double) CALLS_PER_ROUND);
        }
        result.put("combined_score", 1e6 / bestNanos);
        result.put("correct", 1);
        result.put("micros_per_call", bestNanos / 1000);
        result.put("checksum", sink % 1000);
        return result;
    }

    private static long reference(int[] quantities, int[] cents) {
        long sum = 0;
        for (int i = 0; i < quantities.length; i++) {
            sum += Math.round(quantities[i] * (long) cents[i] * (1.0 + ((i % 1024) % 7) / 100.0));
        }
        return sum;
    }
}
