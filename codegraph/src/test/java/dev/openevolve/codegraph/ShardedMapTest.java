package dev.openevolve.codegraph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShardedMapTest {
    @Test
    void anEditedCopyLeavesTheOriginalAsItWas() {
        var editor = ShardedMap.<String, Integer>empty().edit();
        for (int i = 0; i < 1000; i++) {
            editor.put("k" + i, i);
        }
        ShardedMap<String, Integer> original = editor.build();

        ShardedMap<String, Integer> changed = original.edit().put("k1", -1).remove("k2").put("new", 7).remove("absent")
                .build();

        assertThat(original.get("k1")).isEqualTo(1);
        assertThat(original.get("k2")).isEqualTo(2);
        assertThat(original.get("new")).isNull();
        assertThat(changed.get("k1")).isEqualTo(-1);
        assertThat(changed.get("k2")).isNull();
        assertThat(changed.getOrDefault("k2", 0)).isZero();
        assertThat(changed.get("new")).isEqualTo(7);
        for (int i = 3; i < 1000; i++) {
            assertThat(changed.get("k" + i)).isEqualTo(i);
        }
        assertThat(ShardedMap.<String, Integer>empty().get("k1")).as("the shared empty map is never written")
                .isNull();
    }
}
