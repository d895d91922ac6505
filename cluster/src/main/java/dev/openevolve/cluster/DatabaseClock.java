package dev.openevolve.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database server's time, read through the local clock: every process of a cluster measures how far its own
 * clock is from PostgreSQL's ({@code clock_timestamp()}, halfway through the round trip) and adds that offset, so
 * task due times, heartbeats and dead-execution checks agree even when a machine's clock is off by minutes.
 * Thread safe.
 */
final class DatabaseClock implements com.github.kagkarlsson.scheduler.Clock {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseClock.class);
    private static final Duration WARN_OFFSET = Duration.ofSeconds(5);

    private final Clock local;
    private final AtomicLong offsetNanos = new AtomicLong();

    DatabaseClock(Clock local) {
        this.local = local;
    }

    @Override
    public Instant now() {
        return local.instant().plusNanos(offsetNanos.get());
    }

    Duration offset() {
        return Duration.ofNanos(offsetNanos.get());
    }

    /** Measures the offset again; keeps the last one when the database cannot be reached. */
    void synchronize(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            Instant before = local.instant();
            Instant server;
            try (ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
                rs.next();
                server = rs.getTimestamp(1).toInstant();
            }
            Instant after = local.instant();
            Instant middle = before.plus(Duration.between(before, after).dividedBy(2));
            Duration offset = Duration.between(middle, server);
            long previous = offsetNanos.getAndSet(offset.toNanos());
            if (offset.abs().compareTo(WARN_OFFSET) > 0
                    && Duration.ofNanos(previous).minus(offset).abs().compareTo(Duration.ofSeconds(1)) > 0) {
                LOG.warn("this machine's clock is {} ms {} the database's; using the database's time",
                        offset.abs().toMillis(), offset.isNegative() ? "ahead of" : "behind");
            }
        } catch (SQLException e) {
            LOG.debug("cannot read the database time, keeping offset {} ms: {}", offsetNanos.get() / 1_000_000,
                    e.getMessage());
        }
    }
}
