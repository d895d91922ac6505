/**
 * The JDBC store plugin: programs, metrics, patterns and suggestions in H2 or PostgreSQL.
 *
 * <p>Exports only {@code dev.openevolve.store.jdbc} ({@code JdbcStore}, {@code JdbcStoreProvider},
 * {@code JdbcMigrations}). The H2 driver is not required here: {@code java.sql} finds it as a
 * {@code java.sql.Driver} service when it is on the module or class path. The provider is declared here for
 * the module path and in {@code META-INF/services} for the class path.
 */
// Jdbi and the PostgreSQL driver publish Automatic-Module-Names only, no module descriptor
@SuppressWarnings("requires-automatic")
module dev.openevolve.store.jdbc {
    requires transitive dev.openevolve.spi;
    requires transitive java.sql;

    requires org.slf4j;
    requires com.zaxxer.hikari;
    requires org.jdbi.v3.core;
    // Jdbi, an automatic module, cannot declare that it needs geantyref: without this a host on the module path
    // fails with NoClassDefFoundError on the first query
    requires io.leangen.geantyref;
    requires com.fasterxml.jackson.databind;
    // the metrics store streams samples into PostgreSQL with its COPY API
    requires org.postgresql.jdbc;

    exports dev.openevolve.store.jdbc;

    provides dev.openevolve.spi.StoreProvider with dev.openevolve.store.jdbc.JdbcStoreProvider;
}
