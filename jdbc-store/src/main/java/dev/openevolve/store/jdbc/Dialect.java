package dev.openevolve.store.jdbc;

import dev.openevolve.spi.StoreException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The two supported databases and the few places where their SQL differs. */
enum Dialect {
    POSTGRESQL("postgresql"),
    H2("h2");

    private final String resourceDirectory;

    Dialect(String resourceDirectory) {
        this.resourceDirectory = resourceDirectory;
    }

    /** The dialect of a JDBC URL, or a failure naming the URL and the supported prefixes. */
    static Dialect ofUrl(String url, String shownUrl) {
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new StoreException("setting 'url' must start with jdbc:postgresql: or jdbc:h2: but was '" + shownUrl + "'");
    }

    /** The dialect of a connection's database product. */
    static Dialect ofProduct(String productName) {
        String p = productName.toLowerCase(Locale.ROOT);
        if (p.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (p.equals("h2")) {
            return H2;
        }
        throw new StoreException("the host's DataSource connects to '" + productName
                + "' but only PostgreSQL and H2 are supported");
    }

    /** The folder of this dialect's migration scripts below {@code migrations/}. */
    String resourceDirectory() {
        return resourceDirectory;
    }

    /** A bound parameter as a JSON document of this database. */
    String json(String parameter) {
        return this == POSTGRESQL ? "CAST(" + parameter + " AS jsonb)" : parameter;
    }

    /** A text column compared code point by code point, as {@link String#compareTo} orders ids. */
    String binaryOrder(String column) {
        return this == POSTGRESQL ? column + " COLLATE \"C\"" : column;
    }

    /**
     * An insert-or-replace of one row by its key, with named parameters {@code :column}.
     *
     * @param touched a column set to the current time on every write, or {@code null}
     */
    String upsert(String table, List<String> keys, List<String> columns, Set<String> jsonColumns, String touched) {
        String values = columns.stream()
                .map(c -> jsonColumns.contains(c) ? json(":" + c) : ":" + c)
                .collect(Collectors.joining(", "));
        if (this == H2) {
            return "MERGE INTO " + table + " (" + String.join(", ", columns) + (touched == null ? "" : ", " + touched)
                    + ") KEY (" + String.join(", ", keys) + ") VALUES (" + values
                    + (touched == null ? "" : ", CURRENT_TIMESTAMP") + ")";
        }
        String updates = columns.stream()
                .filter(c -> !keys.contains(c))
                .map(c -> c + " = EXCLUDED." + c)
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + values + ") ON CONFLICT ("
                + String.join(", ", keys) + ") DO UPDATE SET " + updates + (touched == null ? "" : ", " + touched + " = now()");
    }
}
