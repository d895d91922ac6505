package dev.openevolve.store.jdbc;

import dev.openevolve.spi.Store;
import dev.openevolve.spi.StoreContract;

/** The contract on in-memory H2 (fast); file mode is covered by the durability and migration tests. */
class H2StoreContractTest extends StoreContract {
    private TestDatabase database;

    @Override
    protected Store openStore() {
        database = TestDatabase.create("h2-memory");
        return JdbcStore.open(database.settings());
    }

    @Override
    protected void cleanup() {
        database.close();
    }
}
