package dev.openevolve.loop;

import dev.openevolve.spi.SuggestionStatus;

/** A suggestion was asked to move to a status its current status does not lead to. */
public final class IllegalTransitionException extends LoopException {
    private static final long serialVersionUID = 1L;

    private final String suggestionId;
    private final SuggestionStatus from;
    private final SuggestionStatus to;

    IllegalTransitionException(String suggestionId, SuggestionStatus from, SuggestionStatus to) {
        super("suggestion " + suggestionId + " is " + from + " and cannot become " + to
                + (from.next().isEmpty() ? " (" + from + " is final)" : "; from " + from + " it can become "
                + from.next()));
        this.suggestionId = suggestionId;
        this.from = from;
        this.to = to;
    }

    /** The suggestion. */
    public String suggestionId() {
        return suggestionId;
    }

    /** Its status when the step was refused. */
    public SuggestionStatus from() {
        return from;
    }

    /** The status asked for. */
    public SuggestionStatus to() {
        return to;
    }
}
