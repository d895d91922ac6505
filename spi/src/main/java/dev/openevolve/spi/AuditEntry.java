package dev.openevolve.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One audited state change: who did what to which target, when, and from where. Immutable.
 *
 * @param at      when the change was made
 * @param actor   who made it: a token's name, never the token itself
 * @param action  what was done, for example {@code suggestion.approve} or {@code flag.set}
 * @param target  what it was done to, for example a suggestion id or a flag name; may be empty
 * @param detail  free text for people (the request's outcome, the new value); may be empty
 * @param origin  where the request came from, for example the client's IP address; may be empty
 */
public record AuditEntry(Instant at, String actor, String action, String target, String detail, String origin) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(origin, "origin");
        if (actor.isBlank()) {
            throw new IllegalArgumentException("actor must not be blank");
        }
        if (action.isBlank()) {
            throw new IllegalArgumentException("action must not be blank");
        }
    }
}
