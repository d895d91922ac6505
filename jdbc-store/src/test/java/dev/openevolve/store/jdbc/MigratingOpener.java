package dev.openevolve.store.jdbc;

import dev.openevolve.spi.Settings;

/**
 * The child process of {@link H2MigrationKillTest}: opens a store from {@code key=value} arguments, which migrates its
 * schema, with the migrations' progress ({@code applying schema migration Vn ...}) logged to standard output, prints
 * {@code opened} and waits to be killed.
 */
public final class MigratingOpener {
    private MigratingOpener() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.out");
        System.setProperty("org.slf4j.simpleLogger.log." + JdbcMigrations.class.getName(), "info");
        JdbcStore.open(Settings.of(DurabilityWriter.settings(args, 0)));
        System.out.println("opened");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
