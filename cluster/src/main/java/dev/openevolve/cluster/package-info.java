/**
 * Scale-out of evaluation over machines on db-scheduler and PostgreSQL: {@link dev.openevolve.cluster.ClusterWorker}
 * (and its command line, {@link dev.openevolve.cluster.WorkerCommand}) evaluates candidates;
 * {@link dev.openevolve.cluster.ClusterEvaluation} is the controller's {@code evaluation.executor: cluster}.
 */
package dev.openevolve.cluster;
