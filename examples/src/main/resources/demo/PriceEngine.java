/**
 * Prices a shopping basket: the operation the demo shop serves at {@code /price}. Items are priced in batches;
 * every batch opens a pricing session that builds the tax-rate table afresh, so small batches repeat that work
 * over and over. The result does not depend on the batch size, only the time does.
 */
public class PriceEngine {
    private static final int TABLE = 1024;

    // EVOLVE-BLOCK-START
    static final int BATCH = 2;
    // EVOLVE-BLOCK-END

    public static long total(int[] quantities, int[] cents) {
        int batch = Math.max(1, BATCH);
        long sum = 0;
        for (int start = 0; start < quantities.length; start += batch) {
            double[] rates = taxTable();
            int end = Math.min(quantities.length, start + batch);
            for (int i = start; i < end; i++) {
                sum += Math.round(quantities[i] * (long) cents[i] * rates[i % TABLE]);
            }
        }
        return sum;
    }

    private static double[] taxTable() {
        double[] rates = new double[TABLE];
        for (int i = 0; i < TABLE; i++) {
            rates[i] = 1.0 + (i % 7) / 100.0;
        }
        return rates;
    }
}
