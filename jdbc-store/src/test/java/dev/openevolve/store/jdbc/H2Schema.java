package dev.openevolve.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One schema of an H2 database as its {@code INFORMATION_SCHEMA} describes it: a line for every table, column (type,
 * nullability, default, identity, position), index and its columns, constraint (keys, checks, references) and view
 * definition, sorted, so that two databases made by different paths compare line by line.
 */
final class H2Schema {
    /** The {@code INFORMATION_SCHEMA} views read, each with its column naming the schema. */
    private static final Map<String, String> VIEWS = Map.of(
            "TABLES", "TABLE_SCHEMA",
            "COLUMNS", "TABLE_SCHEMA",
            "INDEXES", "TABLE_SCHEMA",
            "INDEX_COLUMNS", "TABLE_SCHEMA",
            "TABLE_CONSTRAINTS", "CONSTRAINT_SCHEMA",
            "CHECK_CONSTRAINTS", "CONSTRAINT_SCHEMA",
            "KEY_COLUMN_USAGE", "CONSTRAINT_SCHEMA",
            "REFERENTIAL_CONSTRAINTS", "CONSTRAINT_SCHEMA",
            "CONSTRAINT_COLUMN_USAGE", "CONSTRAINT_SCHEMA",
            "VIEWS", "TABLE_SCHEMA");
    /** Statistics and counters, which differ between databases of one schema. */
    private static final Set<String> STATISTICS = Set.of("LAST_MODIFICATION", "ROW_COUNT_ESTIMATE", "SELECTIVITY");

    private H2Schema() {
    }

    /** The lines describing {@code schema} ({@code PUBLIC} for the default one) of the database of {@code c}. */
    static List<String> describe(Connection c, String schema) throws SQLException {
        Map<String, String> generated = generatedIndexes(c, schema);
        List<String> lines = new ArrayList<>();
        for (var view : VIEWS.entrySet()) {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM INFORMATION_SCHEMA." + view.getKey()
                    + " WHERE " + view.getValue() + " = ?")) {
                s.setString(1, schema);
                try (ResultSet rs = s.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder line = new StringBuilder(view.getKey());
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            String column = md.getColumnName(i);
                            String value = rs.getString(i);
                            if (column.equals("INDEX_NAME") && generated.containsKey(value)) {
                                value = "(made for " + generated.get(value) + ")";
                            }
                            if (!STATISTICS.contains(column) && !column.endsWith("_CATALOG")) {
                                line.append(' ').append(column).append('=').append(value);
                            }
                        }
                        lines.add(line.toString());
                    }
                }
            }
        }
        Collections.sort(lines);
        return lines;
    }

    /**
     * The indexes H2 made for constraints, named after the constraints that use them: H2 derives their own names from
     * the table's object, which {@code ALTER TABLE ... ADD/DROP COLUMN} replaces by a copy named with the session's id
     * and a counter, so they differ between databases of one schema.
     */
    private static Map<String, String> generatedIndexes(Connection c, String schema) throws SQLException {
        Map<String, String> names = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT i.INDEX_NAME, t.CONSTRAINT_NAME"
                + " FROM INFORMATION_SCHEMA.INDEXES i JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS t"
                + " ON t.INDEX_SCHEMA = i.INDEX_SCHEMA AND t.INDEX_NAME = i.INDEX_NAME"
                + " WHERE i.INDEX_SCHEMA = ? AND i.IS_GENERATED ORDER BY t.CONSTRAINT_NAME")) {
            s.setString(1, schema);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.merge(rs.getString(1), rs.getString(2), (a, b) -> a + ", " + b);
                }
            }
        }
        return names;
    }
}
