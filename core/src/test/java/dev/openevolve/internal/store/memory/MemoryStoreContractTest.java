package dev.openevolve.internal.store.memory;

import dev.openevolve.spi.Store;
import dev.openevolve.spi.StoreContract;

class MemoryStoreContractTest extends StoreContract {

    @Override
    protected Store openStore() {
        return MemoryStore.create();
    }
}
