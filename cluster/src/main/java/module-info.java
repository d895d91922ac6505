/**
 * Evaluation executor {@code cluster}: candidates of one evolution run evaluated by worker processes on any number
 * of machines, as db-scheduler one-time tasks in the user's PostgreSQL database. Exports its one API package.
 */
// db-scheduler and the PostgreSQL driver publish Automatic-Module-Names only
@SuppressWarnings("requires-automatic")
module dev.openevolve.cluster {
    requires transitive dev.openevolve.core;
    requires com.github.kagkarlsson.scheduler;
    requires com.zaxxer.hikari;
    requires org.postgresql.jdbc;
    requires java.sql;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;

    exports dev.openevolve.cluster;
    // Jackson reads and writes the task payload and result records
    opens dev.openevolve.cluster to com.fasterxml.jackson.databind;

    provides dev.openevolve.evaluation.EvaluationExecutorProvider
            with dev.openevolve.cluster.ClusterExecutorProvider;
}
