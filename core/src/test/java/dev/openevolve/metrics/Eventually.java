package dev.openevolve.metrics;

import java.util.function.BooleanSupplier;

/** Waits for a background effect; a generous limit only guards against hanging, it asserts no timing. */
final class Eventually {
    private Eventually() {
    }

    static boolean holds(BooleanSupplier condition) throws InterruptedException {
        long giveUpAt = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - giveUpAt > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
