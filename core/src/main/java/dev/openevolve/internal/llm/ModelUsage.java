package dev.openevolve.internal.llm;

import dev.openevolve.spi.TokenUsage;
import java.util.Objects;

/**
 * What calls to a model cost. Immutable.
 *
 * @param calls    calls made, failed ones included
 * @param failures calls that threw
 * @param tokens   tokens of the successful calls
 * @param costUsd  cost of the successful calls in US dollars
 */
public record ModelUsage(long calls, long failures, TokenUsage tokens, double costUsd) {

    /** No call at all. */
    public static final ModelUsage NONE = new ModelUsage(0, 0, TokenUsage.NONE, 0);

    public ModelUsage {
        Objects.requireNonNull(tokens, "tokens");
        if (calls < 0 || failures < 0 || failures > calls) {
            throw new IllegalArgumentException("usage needs 0 <= failures <= calls but had " + failures
                    + " failures and " + calls + " calls");
        }
        if (!(costUsd >= 0) || Double.isInfinite(costUsd)) {
            throw new IllegalArgumentException("cost must be a finite non-negative number but was " + costUsd);
        }
    }

    /** The sum of this usage and {@code other}. */
    public ModelUsage plus(ModelUsage other) {
        return new ModelUsage(calls + other.calls, failures + other.failures, tokens.plus(other.tokens),
                costUsd + other.costUsd);
    }
}
