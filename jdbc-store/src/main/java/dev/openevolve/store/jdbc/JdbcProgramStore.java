package dev.openevolve.store.jdbc;

import dev.openevolve.spi.Program;
import dev.openevolve.spi.ProgramStore;
import dev.openevolve.spi.RunCheckpoint;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Programs in {@code openevolve_evaluations} (code and results) and {@code program_evolution_history}
 * (lineage), written together in one transaction that is committed before {@link #save} returns;
 * checkpoints in {@code evolution_checkpoints}. Thread safe.
 */
final class JdbcProgramStore implements ProgramStore {
    private final Database db;
    private final String saveEvaluation;
    private final String saveHistory;
    private final String selectPrograms;
    private final String orderPrograms;
    private final String saveCheckpoint;
    private final String latestCheckpoint;

    JdbcProgramStore(Database db) {
        this.db = db;
        Dialect d = db.dialect();
        Names n = db.names();
        this.saveEvaluation = d.upsert(n.table("openevolve_evaluations"), List.of("run_id", "program_id"),
                List.of("run_id", "program_id", "language", "code", "metrics", "artifacts", "fitness", "evaluated_at"),
                Set.of("metrics", "artifacts"), "stored_at");
        this.saveHistory = d.upsert(n.table("program_evolution_history"), List.of("run_id", "program_id"),
                List.of("run_id", "program_id", "parent_id", "generation", "iteration", "island", "changes"),
                Set.of(), null);
        this.selectPrograms = "SELECT e.program_id, e.language, e.code, e.metrics, e.artifacts, e.evaluated_at,"
                + " h.parent_id, h.generation, h.iteration, h.island, h.changes"
                + " FROM " + n.table("openevolve_evaluations") + " e"
                + " JOIN " + n.table("program_evolution_history") + " h"
                + " ON h.run_id = e.run_id AND h.program_id = e.program_id"
                + " WHERE e.run_id = :run";
        this.orderPrograms = " ORDER BY h.iteration, " + d.binaryOrder("h.program_id");
        this.saveCheckpoint = d.upsert(n.table("evolution_checkpoints"), List.of("run_id", "iteration"),
                List.of("run_id", "iteration", "state", "saved_at"), Set.of(), null);
        this.latestCheckpoint = "SELECT run_id, iteration, state, saved_at FROM " + n.table("evolution_checkpoints")
                + " WHERE run_id = :run ORDER BY iteration DESC FETCH FIRST 1 ROWS ONLY";
    }

    @Override
    public void save(String runId, Program program) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(program, "program");
        String metrics = db.json().write(program.metrics());
        String artifacts = db.json().write(program.artifacts());
        db.inTransaction("save program '" + program.id() + "' of run '" + runId + "'", h -> {
            h.createUpdate(saveEvaluation)
                    .bind("run_id", runId)
                    .bind("program_id", program.id())
                    .bind("language", program.language())
                    .bind("code", program.code())
                    .bind("metrics", metrics)
                    .bind("artifacts", artifacts)
                    .bind("fitness", program.fitness())
                    .bind("evaluated_at", Timestamps.argument(program.createdAt()))
                    .execute();
            h.createUpdate(saveHistory)
                    .bind("run_id", runId)
                    .bind("program_id", program.id())
                    .bind("parent_id", program.parentId())
                    .bind("generation", program.generation())
                    .bind("iteration", program.iteration())
                    .bind("island", program.island())
                    .bind("changes", program.changes())
                    .execute();
            return null;
        });
    }

    @Override
    public Optional<Program> find(String runId, String programId) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(programId, "programId");
        return db.read("find program '" + programId + "' of run '" + runId + "'", h ->
                h.createQuery(selectPrograms + " AND e.program_id = :id")
                        .bind("run", runId)
                        .bind("id", programId)
                        .map(this::program)
                        .findOne());
    }

    @Override
    public List<Program> list(String runId) {
        Objects.requireNonNull(runId, "runId");
        return db.read("list programs of run '" + runId + "'", h ->
                h.createQuery(selectPrograms + orderPrograms)
                        .bind("run", runId)
                        .map(this::program)
                        .list());
    }

    @Override
    public void saveCheckpoint(RunCheckpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        db.inTransaction("save checkpoint " + checkpoint.iteration() + " of run '" + checkpoint.runId() + "'", h ->
                h.createUpdate(saveCheckpoint)
                        .bind("run_id", checkpoint.runId())
                        .bind("iteration", checkpoint.iteration())
                        .bind("state", checkpoint.state())
                        .bind("saved_at", Timestamps.argument(checkpoint.savedAt()))
                        .execute());
    }

    @Override
    public Optional<RunCheckpoint> latestCheckpoint(String runId) {
        Objects.requireNonNull(runId, "runId");
        return db.read("read the latest checkpoint of run '" + runId + "'", h ->
                h.createQuery(latestCheckpoint)
                        .bind("run", runId)
                        .map((rs, ctx) -> new RunCheckpoint(rs.getString("run_id"), rs.getLong("iteration"),
                                rs.getString("state"), Timestamps.read(rs, "saved_at")))
                        .findOne());
    }

    private Program program(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Program(rs.getString("program_id"), rs.getString("code"), rs.getString("language"),
                rs.getString("parent_id"), rs.getInt("generation"), rs.getLong("iteration"), rs.getInt("island"),
                db.json().doubles(rs.getString("metrics")), db.json().strings(rs.getString("artifacts")),
                rs.getString("changes"), Timestamps.read(rs, "evaluated_at"));
    }
}
