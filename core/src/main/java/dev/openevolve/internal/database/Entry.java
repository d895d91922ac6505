package dev.openevolve.internal.database;

import dev.openevolve.spi.Program;

import java.util.Comparator;

/**
 * One program as the database holds it: the program, its fitness and grid cell (both fixed when it
 * was added) and its positions in the island and archive arrays. Identity equality; not thread safe.
 */
final class Entry {
    /**
     * Best first: higher fitness, then smaller id. A total order that depends only on the programs,
     * so every ordered structure is the same however the entries got there.
     */
    static final Comparator<Entry> BEST_FIRST = (a, b) -> {
        int byFitness = Double.compare(b.fitness, a.fitness);
        return byFitness != 0 ? byFitness : a.id.compareTo(b.id);
    };

    final Program program;
    final String id;
    final double fitness;
    final int island;
    final int[] cell;
    final long cellKey;
    /** The id of the program this one was migrated from, transitively; its own id if not a migrant. */
    final String origin;

    /** Whether this entry is the program its grid cell keeps. */
    boolean owner;
    /** Whether this entry is in the elite archive. */
    boolean archived;
    /** Index in its island's member array. */
    int slot = -1;
    /** Index in its island's array of archived members, while archived. */
    int archiveSlot = -1;

    Entry(Program program, double fitness, int[] cell, long cellKey, String origin) {
        this.program = program;
        this.id = program.id();
        this.fitness = fitness;
        this.island = program.island();
        this.cell = cell;
        this.cellKey = cellKey;
        this.origin = origin;
    }

    /** The weight of this entry in fitness-weighted parent selection (OpenEvolve's rule). */
    double weight() {
        return Math.max(fitness, ProgramRules.MIN_WEIGHT);
    }

    @Override
    public String toString() {
        return id + "(fitness " + fitness + ", island " + island + ")";
    }
}
