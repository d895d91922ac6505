package dev.openevolve.internal.database;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openevolve.config.ProgramsConfig;
import dev.openevolve.spi.Program;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Writes a {@link Population}'s structure as JSON and rebuilds one from it. The document holds the
 * grid shape (checked against the configuration on restore), each island's members in array order
 * with their cell, cell ownership and migration origin, each island's archived members in array
 * order, the generations, the last migration, the feature ranges and the diversity references: array
 * orders are kept so that a restored database draws exactly what the original would. Programs
 * themselves are referenced by id only. Stateless; the mapper is configured once and thread safe.
 */
final class SnapshotCodec {
    static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private SnapshotCodec() {
    }

    record Document(int format, int numIslands, List<String> featureDimensions, List<Integer> featureBins,
                    List<Long> islandGenerations, long lastMigrationGeneration,
                    List<FeatureSpace.FeatureRange> featureRanges, List<long[]> diversityReferences,
                    List<IslandDocument> islands) {
    }

    record IslandDocument(List<Member> members, List<String> archive) {
    }

    /** A member; {@code origin} is {@code null} unless the member is a migrated copy. */
    record Member(String id, int[] cell, boolean owner, String origin) {
    }

    static String write(Population population) {
        List<Long> generations = new ArrayList<>();
        List<IslandDocument> islands = new ArrayList<>();
        for (Island island : population.islands) {
            generations.add(island.generation);
            List<Member> members = new ArrayList<>(island.size());
            for (Entry entry : island.members) {
                members.add(new Member(entry.id, entry.cell, entry.owner,
                        entry.origin.equals(entry.id) ? null : entry.origin));
            }
            islands.add(new IslandDocument(members, island.archived.stream().map(e -> e.id).toList()));
        }
        FeatureSpace features = population.features;
        Document document = new Document(FORMAT, population.islands.length, features.dimensions(), features.bins(),
                generations, population.lastMigrationGeneration, features.ranges(), features.references(), islands);
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the program database snapshot", e);
        }
    }

    static Population read(ProgramsConfig config, String json, Function<String, Optional<Program>> programs) {
        Document document = parse(json);
        Population population = new Population(config);
        checkShape(document, population);
        FeatureSpace features = population.features;
        required(document.featureRanges(), "featureRanges").forEach(features::restoreRange);
        required(document.diversityReferences(), "diversityReferences").forEach(features::restoreReference);
        population.lastMigrationGeneration = document.lastMigrationGeneration();
        for (int i = 0; i < population.islands.length; i++) {
            IslandDocument island = required(document.islands().get(i), "islands[" + i + "]");
            population.islands[i].generation = document.islandGenerations().get(i);
            for (Member member : required(island.members(), "islands[" + i + "].members")) {
                restoreMember(population, i, member, programs);
            }
        }
        for (int i = 0; i < population.islands.length; i++) {
            for (String id : required(document.islands().get(i).archive(), "islands[" + i + "].archive")) {
                Entry entry = population.get(id);
                if (entry == null || entry.island != i) {
                    throw new SnapshotException("snapshot archives '" + id + "' on island " + i
                            + " but that island has no such member");
                }
                population.archive.restore(entry);
            }
        }
        population.finishRestore();
        return population;
    }

    private static Document parse(String json) {
        try {
            Document document = MAPPER.readValue(json, Document.class);
            if (document == null) {
                throw new SnapshotException("snapshot must be a JSON object but was null");
            }
            return document;
        } catch (JsonProcessingException e) {
            throw new SnapshotException("snapshot is not a program database snapshot of format " + FORMAT + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private static void checkShape(Document document, Population population) {
        if (document.format() != FORMAT) {
            throw new SnapshotException("snapshot format must be " + FORMAT + " but was " + document.format());
        }
        int islands = population.islands.length;
        if (document.numIslands() != islands || required(document.islands(), "islands").size() != islands
                || required(document.islandGenerations(), "islandGenerations").size() != islands) {
            throw new SnapshotException("snapshot has " + document.numIslands() + " islands but config numIslands is "
                    + islands);
        }
        FeatureSpace features = population.features;
        if (!features.dimensions().equals(document.featureDimensions())
                || !features.bins().equals(document.featureBins())) {
            throw new SnapshotException("snapshot grid has dimensions " + document.featureDimensions() + " with bins "
                    + document.featureBins() + " but config has " + features.dimensions() + " with bins "
                    + features.bins());
        }
    }

    private static void restoreMember(Population population, int island, Member member,
                                      Function<String, Optional<Program>> programs) {
        String id = required(member, "islands[" + island + "].members[]").id();
        if (id == null) {
            throw new SnapshotException("snapshot has a member of island " + island + " without an id");
        }
        String invalidCell = population.features.invalidCell(member.cell());
        if (invalidCell != null) {
            throw new SnapshotException("snapshot cell of program '" + id + "' is invalid: " + invalidCell);
        }
        Optional<Program> resolved = programs.apply(id);
        if (resolved == null || resolved.isEmpty()) {
            throw new SnapshotException("snapshot names program '" + id + "' (island " + island
                    + ") but the program source has no program with that id");
        }
        Program program = resolved.get();
        if (!program.id().equals(id) || program.island() != island) {
            throw new SnapshotException("snapshot has program '" + id + "' on island " + island
                    + " but the program source returned '" + program.id() + "' on island " + program.island());
        }
        double fitness;
        try {
            fitness = ProgramRules.checkProgram(program, population.islands.length);
        } catch (IllegalArgumentException e) {
            throw new SnapshotException("snapshot program '" + id + "' cannot be restored: " + e.getMessage(), e);
        }
        population.restore(program, fitness, member.cell().clone(), member.owner(),
                member.origin() == null ? id : member.origin());
    }

    private static <T> T required(T value, String key) {
        if (value == null) {
            throw new SnapshotException("snapshot lacks '" + key + "'");
        }
        return value;
    }
}
