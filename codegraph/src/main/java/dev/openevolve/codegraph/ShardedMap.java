package dev.openevolve.codegraph;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * An immutable map split by key hash into shards, so that a changed copy shares every shard it does not touch: an
 * incremental update of the graph copies the few shards its changes fall in, not the whole map. Immutable and
 * thread safe; its {@link Editor} is not.
 */
final class ShardedMap<K, V> {
    private static final int SHARDS = 64;
    private static final ShardedMap<?, ?> EMPTY = new ShardedMap<>(emptyShards());

    private final Map<K, V>[] shards;

    private ShardedMap(Map<K, V>[] shards) {
        this.shards = shards;
    }

    @SuppressWarnings("unchecked")
    static <K, V> ShardedMap<K, V> empty() {
        return (ShardedMap<K, V>) EMPTY;
    }

    V get(K key) {
        return shards[shard(key)].get(key);
    }

    V getOrDefault(K key, V fallback) {
        return shards[shard(key)].getOrDefault(key, fallback);
    }

    /** A copy to change; this map stays as it is. */
    Editor<K, V> edit() {
        return new Editor<>(shards.clone());
    }

    private static int shard(Object key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (SHARDS - 1);
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array is made from the raw type
    private static <K, V> Map<K, V>[] emptyShards() {
        Map<K, V>[] shards = new Map[SHARDS];
        Arrays.fill(shards, Map.of());
        return shards;
    }

    /** Puts and removes on a copy: a shard is copied when it is first changed. Not thread safe. */
    static final class Editor<K, V> {
        private final Map<K, V>[] shards;
        private final boolean[] copied = new boolean[SHARDS];

        private Editor(Map<K, V>[] shards) {
            this.shards = shards;
        }

        V get(K key) {
            return shards[shard(key)].get(key);
        }

        Editor<K, V> put(K key, V value) {
            writable(shard(key)).put(key, value);
            return this;
        }

        Editor<K, V> remove(K key) {
            int s = shard(key);
            if (shards[s].containsKey(key)) {
                writable(s).remove(key);
            }
            return this;
        }

        /** The changed map; the editor must not be used after. */
        ShardedMap<K, V> build() {
            return new ShardedMap<>(shards);
        }

        private Map<K, V> writable(int s) {
            if (!copied[s]) {
                shards[s] = new HashMap<>(shards[s]);
                copied[s] = true;
            }
            return shards[s];
        }
    }
}
