package dev.openevolve.server;

/** What a token may do; each role may do everything the roles before it may. */
public enum Role {
    /** Reads suggestions, metrics, events, flags, health and the report. */
    VIEWER,
    /** Also triggers evolution and approves, rejects or rolls back suggestions. */
    OPERATOR,
    /** Also changes feature flags and reads the audit trail. */
    ADMIN;

    /** Whether this role includes everything {@code required} may do. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }
}
