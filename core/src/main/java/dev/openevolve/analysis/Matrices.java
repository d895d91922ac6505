package dev.openevolve.analysis;

import java.util.Objects;

/** Input checks shared by the numeric entry points. */
final class Matrices {
    private Matrices() {
    }

    /**
     * Checks that {@code rows} is a rectangular matrix of finite values with at least one column.
     *
     * @throws IllegalArgumentException naming the row and column at fault
     */
    static void requireFinite(double[][] rows, String name) {
        Objects.requireNonNull(rows, name);
        if (rows.length == 0) {
            return;
        }
        if (rows[0] == null) {
            throw new IllegalArgumentException(name + "[0] must not be null");
        }
        int columns = rows[0].length;
        if (columns == 0) {
            throw new IllegalArgumentException(name + " must have at least one column but row 0 has none");
        }
        for (int i = 0; i < rows.length; i++) {
            double[] row = rows[i];
            if (row == null) {
                throw new IllegalArgumentException(name + "[" + i + "] must not be null");
            }
            if (row.length != columns) {
                throw new IllegalArgumentException(name + "[" + i + "] has " + row.length
                        + " columns but row 0 has " + columns + "; all rows must have the same length");
            }
            for (int j = 0; j < columns; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException(name + "[" + i + "][" + j + "] must be finite but was "
                            + row[j]);
                }
            }
        }
    }
}
