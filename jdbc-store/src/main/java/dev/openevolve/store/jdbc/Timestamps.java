package dev.openevolve.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.argument.Argument;

/** Instants in and out of {@code TIMESTAMP WITH TIME ZONE} columns, at microsecond precision, in UTC. */
final class Timestamps {
    private Timestamps() {
    }

    /** {@code instant} rounded down to the microsecond, the precision both databases keep. */
    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** {@code instant} as a bound parameter. */
    static Argument argument(Instant instant) {
        OffsetDateTime value = OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC);
        return (position, statement, context) -> statement.setObject(position, value);
    }

    /** The instant in column {@code column}. */
    static Instant read(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
