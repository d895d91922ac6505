package dev.openevolve.internal.database;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openevolve.config.ProgramsConfig;
import dev.openevolve.spi.Program;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static dev.openevolve.internal.database.Fixtures.program;
import static dev.openevolve.internal.database.ProgramDatabaseSamplingTest.draws;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProgramDatabaseSnapshotTest {
    private static final ProgramsConfig CONFIG = Fixtures.config().islands(3).population(60).archive(8).interval(2)
            .rate(0.2).build();

    private final Map<String, Program> store = new HashMap<>();

    /** A database that went through additions, replacements, evictions and migrations; {@code store} has them all. */
    private ProgramDatabase lived(ProgramsConfig config, int programs) {
        ProgramDatabase database = new ProgramDatabase(config);
        SplittableRandom random = new SplittableRandom(21);
        for (int i = 0; i < programs; i++) {
            String id = random.nextInt(10) == 0 && i > 0 ? "p" + random.nextInt(i) : "p" + i;
            StringBuilder code = new StringBuilder("def f(x):\n");
            for (int l = random.nextInt(25); l >= 0; l--) {
                code.append("    x = x + ").append(random.nextInt(50)).append('\n');
            }
            save(database, program(id, random.nextInt(config.numIslands()),
                    Map.of("combined_score", random.nextDouble()), code.toString()));
            database.recordIslandIteration(i % config.numIslands());
            if (database.migrationDue()) {
                database.migrate().forEach(p -> store.put(p.id(), p));
            }
        }
        return database;
    }

    private void save(ProgramDatabase database, Program program) {
        store.put(program.id(), program);
        database.add(program);
    }

    @Test
    void aRestoredDatabaseSamplesAndEvolvesExactlyLikeTheOriginal() {
        ProgramDatabase original = lived(CONFIG, 300);
        String snapshot = original.snapshot();

        ProgramDatabase restored = ProgramDatabase.restore(CONFIG, snapshot, Fixtures.resolver(store));

        assertThat(restored.snapshot()).isEqualTo(snapshot);
        assertThat(restored.size()).isEqualTo(original.size()).isEqualTo(60);
        assertThat(restored.top(60)).isEqualTo(original.top(60));
        assertThat(draws(restored, 5)).isEqualTo(draws(original, 5));

        SplittableRandom random = new SplittableRandom(22);
        for (int i = 0; i < 40; i++) {
            Program next = program("next" + i, random.nextInt(3), Map.of("combined_score", random.nextDouble()),
                    "def g():\n    return " + random.nextInt(1000) + "\n");
            original.add(next);
            restored.add(next);
            original.recordIslandIteration(i % 3);
            restored.recordIslandIteration(i % 3);
            assertThat(restored.migrationDue()).isEqualTo(original.migrationDue());
            if (original.migrationDue()) {
                assertThat(restored.migrate()).isEqualTo(original.migrate());
            }
        }
        assertThat(restored.snapshot()).isEqualTo(original.snapshot());
        assertThat(draws(restored, 6)).isEqualTo(draws(original, 6));
    }

    @Test
    void theSnapshotHoldsStructureButNoProgramContent() throws Exception {
        ProgramDatabase database = lived(CONFIG, 100);

        JsonNode json = new ObjectMapper().readTree(database.snapshot());

        assertThat(json.get("format").asInt()).isEqualTo(1);
        assertThat(json.get("featureDimensions")).hasSize(2);
        assertThat(json.get("featureRanges")).hasSize(2);
        assertThat(json.get("diversityReferences")).hasSize(20);
        assertThat(json.get("islandGenerations")).hasSize(3);
        assertThat(json.get("lastMigrationGeneration").asLong()).isPositive();
        assertThat(json.get("islands").get(0).get("members").get(0).fieldNames())
                .toIterable().contains("id", "cell", "owner");
        int archived = 0;
        for (JsonNode island : json.get("islands")) {
            archived += island.get("archive").size();
        }
        assertThat(archived).isEqualTo(8);
        assertThat(database.snapshot()).doesNotContain("def f(x)");
    }

    @Test
    void anEmptyDatabaseRoundTrips() {
        ProgramDatabase empty = new ProgramDatabase(CONFIG);

        ProgramDatabase restored = ProgramDatabase.restore(CONFIG, empty.snapshot(), id -> Optional.empty());

        assertThat(restored.size()).isZero();
        assertThat(restored.snapshot()).isEqualTo(empty.snapshot());
    }

    @Test
    void restoringUnderSmallerLimitsCutsThePopulationAndTheArchive() {
        ProgramDatabase original = lived(CONFIG, 300);
        ProgramsConfig smaller = Fixtures.config().islands(3).population(30).archive(4).interval(2).rate(0.2).build();

        Population restored = SnapshotCodec.read(smaller, original.snapshot(), Fixtures.resolver(store));

        restored.verify();
        assertThat(restored.size()).isEqualTo(30);
        assertThat(restored.archive.size()).isEqualTo(4);
        assertThat(restored.ranked.first().program).isEqualTo(original.best().orElseThrow());
    }

    @Test
    void restoringUnderALargerArchiveAdmitsTheNextBest() {
        ProgramDatabase original = lived(CONFIG, 300);
        ProgramsConfig larger = Fixtures.config().islands(3).population(60).archive(20).interval(2).rate(0.2).build();

        Population restored = SnapshotCodec.read(larger, original.snapshot(), Fixtures.resolver(store));

        restored.verify();
        assertThat(restored.archive.size()).isEqualTo(20);
    }

    @Test
    void failsNamingAProgramTheSourceCannotResolve() {
        ProgramDatabase original = lived(CONFIG, 50);
        String missing = original.top(0, 1).get(0).id();
        store.remove(missing);

        assertThatThrownBy(() -> ProgramDatabase.restore(CONFIG, original.snapshot(), Fixtures.resolver(store)))
                .isInstanceOf(SnapshotException.class)
                .hasMessage("snapshot names program '" + missing
                        + "' (island 0) but the program source has no program with that id");
    }

    @Test
    void failsWhenTheSourceReturnsAProgramOfAnotherIsland() {
        ProgramDatabase original = new ProgramDatabase(CONFIG);
        original.add(program("a", 1, 1.0));

        assertThatThrownBy(() -> ProgramDatabase.restore(CONFIG, original.snapshot(),
                id -> Optional.of(program(id, 2, 1.0))))
                .isInstanceOf(SnapshotException.class)
                .hasMessage("snapshot has program 'a' on island 1 but the program source returned 'a' on island 2");
    }

    @Test
    void failsWhenTheIslandCountDiffers() {
        String snapshot = lived(CONFIG, 20).snapshot();
        ProgramsConfig two = Fixtures.config().islands(2).population(60).archive(8).build();

        assertThatThrownBy(() -> ProgramDatabase.restore(two, snapshot, Fixtures.resolver(store)))
                .isInstanceOf(SnapshotException.class)
                .hasMessage("snapshot has 3 islands but config numIslands is 2");
    }

    @Test
    void failsWhenTheGridDiffers() {
        String snapshot = lived(CONFIG, 20).snapshot();
        ProgramsConfig otherBins = Fixtures.config().islands(3).population(60).archive(8).bins(12).build();

        assertThatThrownBy(() -> ProgramDatabase.restore(otherBins, snapshot, Fixtures.resolver(store)))
                .isInstanceOf(SnapshotException.class)
                .hasMessage("snapshot grid has dimensions [complexity, diversity] with bins [10, 10] but config has "
                        + "[complexity, diversity] with bins [12, 12]");
    }

    @Test
    void failsOnMalformedOrInconsistentSnapshots() {
        assertThatThrownBy(() -> ProgramDatabase.restore(CONFIG, "{not json", id -> Optional.empty()))
                .isInstanceOf(SnapshotException.class)
                .hasMessageStartingWith("snapshot is not a program database snapshot of format 1: ");
        String snapshot = lived(CONFIG, 20).snapshot();
        assertThatThrownBy(() -> ProgramDatabase.restore(CONFIG, snapshot.replace("\"format\":1", "\"format\":7"),
                Fixtures.resolver(store)))
                .isInstanceOf(SnapshotException.class)
                .hasMessage("snapshot format must be 1 but was 7");
        String badCell = snapshot.replaceFirst("\"cell\":\\[\\d+,", "\"cell\":[99,");
        assertThatThrownBy(() -> ProgramDatabase.restore(CONFIG, badCell, Fixtures.resolver(store)))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining("coordinate 99 of dimension 'complexity' is outside 0..9");
        assertThatThrownBy(() -> ProgramDatabase.restore(CONFIG, "{\"format\":1}", Fixtures.resolver(store)))
                .isInstanceOf(SnapshotException.class)
                .hasMessageStartingWith("snapshot is not a program database snapshot of format 1: ");
    }

    @Test
    void failsWhenTwoProgramsClaimOneCell() {
        ProgramDatabase original = new ProgramDatabase(Fixtures.config().islands(1).dimensions().population(10)
                .archive(1).build());
        original.add(program("a", 0, 2.0));
        original.add(program("b", 0, 1.0));
        String twoOwners = original.snapshot().replace("\"owner\":false", "\"owner\":true");

        assertThatThrownBy(() -> ProgramDatabase.restore(Fixtures.config().islands(1).dimensions().population(10)
                .archive(1).build(), twoOwners, id -> Optional.of(program(id, 0, id.equals("a") ? 2.0 : 1.0))))
                .isInstanceOf(SnapshotException.class)
                .hasMessage("snapshot gives cell [] of island 0 to both 'a' and 'b'");
    }

    @Test
    void failsWhenAProgramIsListedTwice() {
        ProgramDatabase original = new ProgramDatabase(CONFIG);
        original.add(program("a", 0, 1.0));
        original.add(program("b", 0, 2.0));
        String twice = original.snapshot().replace("\"id\":\"b\"", "\"id\":\"a\"");

        assertThatThrownBy(() -> ProgramDatabase.restore(CONFIG, twice, id -> Optional.of(program(id, 0, 1.0))))
                .isInstanceOf(SnapshotException.class)
                .hasMessage("snapshot lists program 'a' twice");
    }

    @Test
    void restoreChecksItsArguments() {
        ProgramsConfig bad = Fixtures.config().population(0).build();

        assertThatIllegalArgumentException().isThrownBy(() -> ProgramDatabase.restore(bad, "{}", id -> Optional.empty()))
                .withMessageContaining("populationSize must be at least 1 but was 0");
        assertThatThrownBy(() -> ProgramDatabase.restore(CONFIG, null, id -> Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("snapshot");
    }
}
