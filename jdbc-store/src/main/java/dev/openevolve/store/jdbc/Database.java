package dev.openevolve.store.jdbc;

import dev.openevolve.spi.StoreException;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every part of one store shares: the Jdbi instance over the pool, the dialect, the table
 * names and the open/closed state. Runs operations so that each either completes or throws a
 * {@link StoreException} naming the operation and the database, never a password. On H2 the write transactions
 * of one store run one at a time (see {@link #inTransaction}). Thread safe.
 */
final class Database {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int MAX_ATTEMPTS = 5;
    /** Conflicts between concurrent transactions that a fresh attempt resolves. */
    private static final Set<String> RETRYABLE_STATES = Set.of(
            "40001", // serialization failure (both), deadlock (H2)
            "40P01", // deadlock detected (PostgreSQL)
            "HYT00", // lock timeout (H2)
            "90131"); // concurrent update of the same row (H2)
    /** A unique-key race between two H2 MERGEs of one new key; PostgreSQL's ON CONFLICT never raises it. */
    private static final String UNIQUE_VIOLATION = "23505";
    /** A statement cancelled by its timeout: PostgreSQL's query_canceled, H2's statement canceled. */
    private static final Set<String> QUERY_CANCELED_STATES = Set.of("57014", "HY008");

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Names names;
    private final String where;
    private final String password;
    private final JsonCodec json = new JsonCodec();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantLock h2Writer = new ReentrantLock();

    Database(Jdbi jdbi, Dialect dialect, Names names, String shownUrl, String password) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.names = names;
        this.where = "jdbc store at " + shownUrl + " (" + names.describe() + ")";
        this.password = password;
    }

    Dialect dialect() {
        return dialect;
    }

    Names names() {
        return names;
    }

    JsonCodec json() {
        return json;
    }

    String where() {
        return where;
    }

    /** Marks the store closed; returns whether this call closed it. */
    boolean close() {
        return closed.compareAndSet(false, true);
    }

    /**
     * Runs {@code work} in one transaction, retrying conflicts with concurrent writers. On H2 no other write
     * transaction of this store runs meanwhile: H2's MVStore writes its maps to the file one after another, so a
     * write (at every commit with {@code WRITE_DELAY=0}) that overlaps another transaction's commit can store that
     * transaction's rows still uncommitted beside its undo log already emptied. After a crash nothing rolls those
     * rows back, and every later insert of their key fails with "Timeout trying to lock table".
     */
    <R> R inTransaction(String operation, HandleCallback<R, Exception> work) {
        ensureOpen(operation);
        for (int attempt = 1; ; attempt++) {
            try {
                return dialect == Dialect.H2 ? oneWriterAtATime(operation, work) : jdbi.inTransaction(work);
            } catch (Exception e) {
                if (attempt < MAX_ATTEMPTS && retryable(e)) {
                    LOG.debug("{}: retrying {} after a conflict with a concurrent writer (attempt {})", where,
                            operation, attempt);
                    pause(attempt);
                    continue;
                }
                throw failure(operation, e);
            }
        }
    }

    private <R> R oneWriterAtATime(String operation, HandleCallback<R, Exception> work) throws Exception {
        try {
            h2Writer.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(where + ": cannot " + operation + ": interrupted while waiting for another write"
                    + " to finish", e);
        }
        try {
            return jdbi.inTransaction(work);
        } finally {
            h2Writer.unlock();
        }
    }

    /** Runs a read on a handle of its own. */
    <R> R read(String operation, HandleCallback<R, Exception> work) {
        ensureOpen(operation);
        try {
            return jdbi.withHandle(work);
        } catch (Exception e) {
            throw failure(operation, e);
        }
    }

    void ensureOpen(String operation) {
        if (closed.get()) {
            throw new StoreException(where + ": cannot " + operation + ": the store is closed");
        }
    }

    /** A store failure for {@code operation}, with the database's own reason and no secret in it. */
    StoreException failure(String operation, Throwable e) {
        if (e instanceof StoreException se && se.getMessage().startsWith(where)) {
            return se;
        }
        String reason = Secrets.scrub(reason(e), password);
        String message = where + ": cannot " + operation + ": " + timedOut(e) + reason;
        return chainHoldsPassword(e) ? new StoreException(message) : new StoreException(message, e);
    }

    private boolean chainHoldsPassword(Throwable e) {
        if (password == null || password.isEmpty()) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(password)) {
                return true;
            }
        }
        return false;
    }

    /** What a timeout in the chain means, naming the setting that bounds it; empty for other failures. */
    static String timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return "the database stopped answering (no reply within socket_timeout_seconds): ";
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && QUERY_CANCELED_STATES.contains(sql.getSQLState())) {
                return "the statement ran longer than statement_timeout_seconds: ";
            }
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return "no connection within connect_timeout_seconds: ";
            }
        }
        return "";
    }

    /** The most specific message in the chain: the innermost SQL exception's, or the innermost one's. */
    static String reason(Throwable e) {
        Throwable chosen = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException || t.getCause() == null) {
                chosen = t;
                if (t instanceof SQLException) {
                    break;
                }
            }
        }
        String message = chosen.getMessage() == null ? chosen.getClass().getSimpleName() : chosen.getMessage();
        message = message.strip();
        return message.length() > 500 ? message.substring(0, 500) + "…" : message;
    }

    private boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (RETRYABLE_STATES.contains(state)
                        || (dialect == Dialect.H2 && UNIQUE_VIOLATION.equals(state)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(2L * attempt * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a store operation", e);
        }
    }
}
