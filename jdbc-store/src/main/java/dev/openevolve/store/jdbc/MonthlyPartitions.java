package dev.openevolve.store.jdbc;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * Creates the monthly partitions of {@code system_performance_metrics} on PostgreSQL before rows
 * of a month arrive, so that a sample for a month without partition never fails. Remembers the
 * months it made sure of; {@link #forget()} drops that memory when a partition turned out missing
 * (dropped by someone else). Concurrent creators, in this or another process, are serialised by a
 * transaction-scoped advisory lock. Thread safe.
 */
final class MonthlyPartitions {
    private static final String PARENT = "system_performance_metrics";

    private final Names names;
    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

    MonthlyPartitions(Names names) {
        this.names = names;
    }

    /** The months (UTC) that {@code starts} fall into and that are not known to have a partition yet. */
    Set<YearMonth> missing(Iterable<Instant> starts) {
        Set<YearMonth> months = new TreeSet<>();
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (Instant start : starts) {
            long s = start.getEpochSecond();
            if (s >= from && s < to) {
                continue;
            }
            YearMonth month = YearMonth.from(start.atOffset(ZoneOffset.UTC));
            from = month.atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            to = month.plusMonths(1).atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            if (!known.contains(month)) {
                months.add(month);
            }
        }
        return months;
    }

    /** Creates the partitions of {@code months} that do not exist yet; call inside a transaction. */
    void create(Handle handle, Set<YearMonth> months) {
        if (months.isEmpty()) {
            return;
        }
        handle.createQuery("SELECT pg_advisory_xact_lock(hashtext(:key))")
                .bind("key", "openevolve:" + names.table(PARENT))
                .mapTo(String.class)
                .one();
        for (YearMonth month : months) {
            if (month.getYear() < 1 || month.getYear() > 9999) {
                throw new IllegalArgumentException("sample start in " + month
                        + " is outside the years 1 to 9999 that the metrics table is partitioned for");
            }
            LocalDate first = month.atDay(1);
            String partition = String.format("%s_p%04d_%02d", PARENT, month.getYear(), month.getMonthValue());
            handle.execute("CREATE TABLE IF NOT EXISTS " + names.table(partition) + " PARTITION OF "
                    + names.table(PARENT) + " FOR VALUES FROM ('" + first + " 00:00:00+00') TO ('"
                    + first.plusMonths(1) + " 00:00:00+00')");
        }
    }

    /** Records that {@code months} have partitions (after the creating transaction committed). */
    void remember(Set<YearMonth> months) {
        known.addAll(months);
    }

    void forget() {
        known.clear();
    }
}
