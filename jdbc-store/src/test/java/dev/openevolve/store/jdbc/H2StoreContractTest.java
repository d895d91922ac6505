package dev.openevolve.store.jdbc;

import dev.openevolve.spi.Store;
import dev.openevolve.spi.StoreContract;

class H2StoreContractTest extends StoreContract {
    private TestDatabase database;

    @Override
    protected Store openStore() {
        database = TestDatabase.create("h2");
        return JdbcStore.open(database.settings());
    }

    @Override
    protected void cleanup() {
        database.close();
    }
}
