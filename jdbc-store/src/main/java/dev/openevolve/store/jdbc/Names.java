package dev.openevolve.store.jdbc;

import dev.openevolve.spi.StoreException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Qualifies the store's table names with the configured schema, if any. A schema name is checked
 * against a strict pattern and quoted, so it can never carry SQL.
 */
record Names(Optional<String> schema) {
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    Names {
        schema.ifPresent(s -> {
            if (!SCHEMA.matcher(s).matches()) {
                throw new StoreException("setting 'schema' must be a lower-case SQL identifier (letters a-z, digits, "
                        + "underscore; at most 63 characters; not starting with a digit) but was '" + s + "'");
            }
        });
    }

    /** The quoted schema followed by a dot, or nothing for the connection's default schema. */
    String prefix() {
        return schema.map(s -> "\"" + s + "\".").orElse("");
    }

    /** {@code name} qualified with the schema. */
    String table(String name) {
        return prefix() + name;
    }

    /** For messages: where the tables live. */
    String describe() {
        return schema.map(s -> "schema '" + s + "'").orElse("default schema");
    }
}
