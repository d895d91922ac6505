package dev.openevolve.store.jdbc;

import dev.openevolve.spi.Store;
import dev.openevolve.spi.StoreContract;

class PostgresStoreContractTest extends StoreContract {
    private TestDatabase database;

    @Override
    protected Store openStore() {
        database = TestDatabase.create("postgresql");
        return JdbcStore.open(database.settings());
    }

    @Override
    protected void cleanup() {
        if (database != null) {
            database.close();
        }
    }
}
