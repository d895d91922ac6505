package dev.openevolve.internal.database;

import dev.openevolve.spi.Program;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Ring migration between islands. For each island {@code i} the best
 * {@code max(1, floor(size * migrationRate))} members (none when the rate is 0) are chosen first, for
 * all islands, before anything moves, so a program travels one step per migration. Each is then
 * copied to island {@code (i + 1) % n} as {@code origin + "@" + target}, where {@code origin} is the id
 * of the first program of its migration chain, and added like any program (grid, archive, cap). A copy
 * is skipped when its code already lives on the target, or when its id is already taken. Stateless.
 */
final class RingMigration {
    private static final Logger LOG = LoggerFactory.getLogger(RingMigration.class);

    private RingMigration() {
    }

    /** Migrates and returns the copies added, in island order then best first. */
    static List<Program> run(Population population) {
        Island[] islands = population.islands;
        List<Program> added = new ArrayList<>();
        if (islands.length > 1) {
            List<List<Entry>> emigrants = new ArrayList<>(islands.length);
            for (Island island : islands) {
                emigrants.add(best(island, quota(island.size(), population.config.migrationRate())));
            }
            for (int i = 0; i < islands.length; i++) {
                int target = (i + 1) % islands.length;
                for (Entry migrant : emigrants.get(i)) {
                    String id = migrant.origin + "@" + target;
                    if (islands[target].hasCode(migrant.program.code())) {
                        LOG.debug("Not migrating {} to island {}: its code already lives there", migrant.id, target);
                    } else if (population.get(id) != null) {
                        LOG.debug("Not migrating {} to island {}: id {} is taken", migrant.id, target, id);
                    } else {
                        Program copy = migrant.program.migrate(id, target);
                        population.add(copy, migrant.origin);
                        added.add(copy);
                    }
                }
            }
        }
        population.lastMigrationGeneration = population.maxGeneration();
        LOG.debug("Migration at generation {} added {} programs", population.lastMigrationGeneration, added.size());
        return added;
    }

    private static int quota(int size, double rate) {
        if (rate <= 0 || size == 0) {
            return 0;
        }
        return Math.min(size, Math.max(1, (int) (size * rate)));
    }

    private static List<Entry> best(Island island, int count) {
        List<Entry> best = new ArrayList<>(count);
        Iterator<Entry> it = island.ranked.iterator();
        while (best.size() < count && it.hasNext()) {
            best.add(it.next());
        }
        return best;
    }
}
