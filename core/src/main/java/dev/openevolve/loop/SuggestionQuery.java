package dev.openevolve.loop;

import dev.openevolve.spi.Suggestion;
import dev.openevolve.spi.SuggestionStatus;
import java.util.Optional;

/**
 * A filter over suggestions; a {@code null} field matches everything. Immutable.
 *
 * @param status    only suggestions in this status
 * @param component only suggestions for this component
 * @param operation only suggestions for this operation
 */
public record SuggestionQuery(SuggestionStatus status, String component, String operation) {

    /** Matches every suggestion. */
    public static SuggestionQuery all() {
        return new SuggestionQuery(null, null, null);
    }

    /** Matches the suggestions in {@code status}. */
    public static SuggestionQuery withStatus(SuggestionStatus status) {
        return new SuggestionQuery(status, null, null);
    }

    /** Whether {@code s} passes the filter. */
    public boolean matches(Suggestion s) {
        return (status == null || s.status() == status)
                && (component == null || component.equals(s.targetComponent()))
                && (operation == null || Optional.ofNullable(s.targetOperation()).map(operation::equals).orElse(false));
    }
}
