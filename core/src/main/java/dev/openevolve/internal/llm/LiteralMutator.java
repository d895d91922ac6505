package dev.openevolve.internal.llm;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Draws a new value for a numeric literal and writes it in the literal's own syntax: suffix, digit
 * grouping with underscores, decimal point or exponent, and a sign that keeps the code valid.
 *
 * <p>Floating-point values mostly move multiplicatively ({@code v·exp(scale·N(0,1))}); one draw in four
 * (and always for zero) is an additive step {@code scale·N(0,1)·b} with {@code b = |v|} for {@code |v| >= 1},
 * {@code √|v|} below and {@code 1} at zero, so small values can cross zero. Integers move by
 * {@code ±max(1, round(|v|·scale·|N(0,1)|))}, staying within the int range unless the literal is a long
 * or already beyond it.
 */
final class LiteralMutator {
    private static final int ATTEMPTS = 8;
    private static final int MIN_SIGNIFICANT = 4;
    private static final int MAX_SIGNIFICANT = 12;
    private static final int MAX_PLAIN_LENGTH = 20;

    private final double scale;

    LiteralMutator(double scale) {
        this.scale = scale;
    }

    /** The replacement text for the literal's range, differing from the current one; empty when none was found. */
    Optional<String> mutate(NumericLiteral literal, RandomGenerator rng) {
        for (int i = 0; i < ATTEMPTS; i++) {
            Optional<String> text = literal.floating() ? floating(literal, rng) : integer(literal, rng);
            if (text.isPresent() && !text.get().equals(literal.text())) {
                return text;
            }
        }
        return Optional.empty();
    }

    private Optional<String> integer(NumericLiteral literal, RandomGenerator rng) {
        long v;
        try {
            v = literal.longValue();
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
        long step = Math.max(1, Math.round(Math.abs((double) v) * scale * Math.abs(rng.nextGaussian())));
        long sign = rng.nextBoolean() ? 1 : -1;
        boolean isLong = literal.suffix().equalsIgnoreCase("l");
        long limit = isLong || Math.abs(v) > Integer.MAX_VALUE ? Long.MAX_VALUE : Integer.MAX_VALUE;
        for (long direction : new long[] {sign, -sign}) {
            try {
                long next = Math.addExact(v, Math.multiplyExact(direction, step));
                if (next != Long.MIN_VALUE && Math.abs(next) <= limit) {
                    String digits = grouped(Long.toString(Math.abs(next)), literal.digits().contains("_"));
                    return Optional.of(signed(next < 0, digits + literal.suffix(), literal));
                }
            } catch (ArithmeticException overflow) {
                // try the other direction
            }
        }
        return Optional.empty();
    }

    private Optional<String> floating(NumericLiteral literal, RandomGenerator rng) {
        double v = literal.value();
        if (!Double.isFinite(v)) {
            return Optional.empty();
        }
        double next;
        if (v == 0 || rng.nextInt(4) == 0) {
            double a = Math.abs(v);
            double base = a == 0 ? 1 : a >= 1 ? a : Math.sqrt(a);
            next = v + scale * rng.nextGaussian() * base;
        } else {
            next = v * Math.exp(scale * rng.nextGaussian());
        }
        if (!Double.isFinite(next)) {
            return Optional.empty();
        }
        if (literal.suffix().equalsIgnoreCase("f") && Math.abs(next) > Float.MAX_VALUE) {
            return Optional.empty();
        }
        String digits = literal.digits();
        boolean scientific = digits.indexOf('e') >= 0 || digits.indexOf('E') >= 0;
        int significant = Math.min(MAX_SIGNIFICANT, Math.max(MIN_SIGNIFICANT, significantDigits(digits)));
        BigDecimal rounded = new BigDecimal(Math.abs(next)).round(new MathContext(significant));
        String body = scientific ? scientific(rounded, digits) : plain(rounded, digits.contains("_"));
        if (!scientific && body.length() > MAX_PLAIN_LENGTH) {
            body = scientific(rounded, digits);
        }
        boolean negative = next < 0 && rounded.signum() != 0;
        return Optional.of(signed(negative, body + literal.suffix(), literal));
    }

    private static String plain(BigDecimal value, boolean underscores) {
        String text = value.stripTrailingZeros().toPlainString();
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text : text.substring(0, dot);
        String fraction = dot < 0 ? "0" : text.substring(dot + 1);
        return grouped(whole, underscores) + "." + fraction;
    }

    private static String scientific(BigDecimal value, String original) {
        if (value.signum() == 0) {
            return "0.0e0";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        String unscaled = stripped.unscaledValue().toString();
        int exponent = stripped.precision() - stripped.scale() - 1;
        String mantissa = unscaled.substring(0, 1) + "." + (unscaled.length() > 1 ? unscaled.substring(1) : "0");
        char e = original.indexOf('E') >= 0 ? 'E' : 'e';
        return mantissa + e + exponent;
    }

    /** The literal's new text: {@code -} in front when negative, in parentheses where a bare sign would break the code. */
    private static String signed(boolean negative, String body, NumericLiteral literal) {
        if (!negative) {
            return body;
        }
        return literal.signFree() ? "-" + body : "(-" + body + ")";
    }

    /** Digits grouped by three with underscores when the literal used them. */
    private static String grouped(String digits, boolean underscores) {
        if (!underscores || digits.length() <= 3) {
            return digits;
        }
        StringBuilder sb = new StringBuilder();
        int lead = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        sb.append(digits, 0, lead);
        for (int i = lead; i < digits.length(); i += 3) {
            sb.append('_').append(digits, i, i + 3);
        }
        return sb.toString();
    }

    private static int significantDigits(String digits) {
        String mantissa = digits.replace("_", "").split("[eE]")[0].replace(".", "");
        String trimmed = mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "");
        return Math.max(1, trimmed.length());
    }
}
