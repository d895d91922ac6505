package dev.openevolve.loop;

/** The types of the entries the loop appends to the event log. */
public final class EventTypes {
    /** Host: a codebase analysis named a hot spot ({@code component}, {@code operation}). */
    public static final String CODEBASE_ANALYSIS_COMPLETE = "codebase_analysis_complete";
    /** Host: a CI pipeline finished ({@code pipeline}, {@code duration_ms}, {@code tests}, {@code failures}). */
    public static final String CI_PIPELINE_COMPLETE = "ci_pipeline_complete";
    /** Host: a suggestion was deployed ({@code suggestion}). */
    public static final String DEPLOYMENT_COMPLETE = "deployment_complete";
    /** Events were refused because the queue was full ({@code dropped}: how many since the last report). */
    public static final String EVENTS_DROPPED = "events_dropped";
    /** Handling an event failed ({@code event}, {@code error}). */
    public static final String EVENT_FAILED = "event_failed";
    /** An analysis ran ({@code samples}, {@code patterns}, {@code suggestions}, {@code new}). */
    public static final String ANALYSIS_COMPLETE = "analysis_complete";
    /** A suggestion was stored ({@code suggestion}, {@code component}, {@code operation}, {@code type}). */
    public static final String SUGGESTION_CREATED = "suggestion_created";
    /** A suggestion changed status ({@code suggestion}, {@code from}, {@code to}, {@code actor}, {@code reason}). */
    public static final String SUGGESTION_STATUS = "suggestion_status";
    /** An evolution cycle ended ({@code run}, {@code initial_score}, {@code best_score}, {@code iterations}). */
    public static final String EVOLUTION_COMPLETE = "evolution_complete";
    /** A deployment or rollback through the host failed ({@code suggestion}, {@code action}, {@code error}). */
    public static final String HOST_CALL_FAILED = "host_call_failed";
    /** A validation looked at the samples ({@code suggestion}, {@code outcome} and the evidence). */
    public static final String VALIDATION_CHECKED = "validation_checked";
    /** Validation gave up waiting for a clear verdict ({@code suggestion}). */
    public static final String VALIDATION_TIMED_OUT = "validation_timed_out";
    /** A feature flag was set ({@code flag}, {@code enabled}, {@code actor}). */
    public static final String FLAG_CHANGED = "flag_changed";
    /** A configuration version was stored ({@code version}, {@code phase}, {@code actor}, {@code reason}). */
    public static final String CONFIG_CHANGED = "config_changed";

    private EventTypes() {
    }
}
