package dev.openevolve.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.Settings;
import dev.openevolve.spi.StoreException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connection, socket and statement timeouts: defaults, settings, and what a timeout says. */
class StoreTimeoutsTest {

    @Test
    void timeoutsHaveBoundedDefaultsAndAreConfigurable() {
        var defaults = StoreOptions.parse(Settings.of(Map.of()), JdbcStore.DEFAULT_URL);
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.socketTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.statementTimeout()).isEqualTo(Duration.ofSeconds(30));

        var set = StoreOptions.parse(Settings.of(Map.of("socket_timeout_seconds", "5",
                "statement_timeout_seconds", "2.5")), JdbcStore.DEFAULT_URL);
        assertThat(set.socketTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(StoreOptions.seconds(set.statementTimeout())).isEqualTo(3);
    }

    @Test
    void hostPortOrDatabaseWithoutUrlNameAPostgresServer() {
        assertThat(StoreOptions.parse(Settings.of(Map.of()), JdbcStore.DEFAULT_URL).url())
                .isEqualTo(JdbcStore.DEFAULT_URL);
        assertThat(StoreOptions.parse(Settings.of(Map.of("host", "db.internal")), JdbcStore.DEFAULT_URL).url())
                .isEqualTo("jdbc:postgresql://db.internal:5432/openevolve");
        assertThat(StoreOptions.parse(Settings.of(Map.of("port", "5433", "database", "evolve")), JdbcStore.DEFAULT_URL)
                .url()).isEqualTo("jdbc:postgresql://localhost:5433/evolve");
        assertThat(StoreOptions.parse(Settings.of(Map.of("url", "jdbc:h2:mem:x", "host", "ignored")),
                JdbcStore.DEFAULT_URL).url()).isEqualTo("jdbc:h2:mem:x");
        assertThatThrownBy(() -> StoreOptions.parse(Settings.of(Map.of("port", "70000")), JdbcStore.DEFAULT_URL))
                .isInstanceOf(StoreException.class).hasMessage("setting 'port' must be between 1 and 65535 but was 70000");
        assertThatThrownBy(() -> StoreOptions.parse(Settings.of(Map.of("host", " ")), JdbcStore.DEFAULT_URL))
                .isInstanceOf(StoreException.class)
                .hasMessage("settings 'host' and 'database' must not be blank but were '' and 'openevolve'");
    }

    @Test
    void aTooShortTimeoutIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> StoreOptions.parse(Settings.of(Map.of("socket_timeout_seconds", "0.5")),
                JdbcStore.DEFAULT_URL)).isInstanceOf(StoreException.class)
                .hasMessage("setting 'socket_timeout_seconds' must be at least 1.0 but was '0.5'");
    }

    @Test
    void aTimeoutInTheCauseChainIsNamedInTheMessage() {
        var database = new Database(org.jdbi.v3.core.Jdbi.create("jdbc:h2:mem:x"), Dialect.H2,
                new Names(java.util.Optional.empty()), "jdbc:h2:mem:x", "");
        assertThat(database.failure("save program 'p1'", new RuntimeException(new java.sql.SQLException(
                "An I/O error occurred", "08006", new java.net.SocketTimeoutException("Read timed out")))))
                .hasMessage("jdbc store at jdbc:h2:mem:x (default schema): cannot save program 'p1': the database"
                        + " stopped answering (no reply within socket_timeout_seconds): An I/O error occurred");
        assertThat(Database.timedOut(new java.sql.SQLException("canceling statement", "57014")))
                .contains("statement_timeout_seconds");
        assertThat(Database.timedOut(new java.sql.SQLTransientConnectionException("request timed out")))
                .contains("connect_timeout_seconds");
        assertThat(Database.timedOut(new java.sql.SQLException("no state"))).isEmpty();
    }
}
