package dev.openevolve.spi;

/** Why a model stopped generating. */
public enum FinishReason {
    /** The model finished its answer. */
    STOP,
    /** The answer was cut at the token limit: it is truncated. */
    LENGTH,
    /** The backend filtered the content. */
    CONTENT_FILTER,
    /** The model asked for a tool call. */
    TOOL_CALLS,
    /** The backend gave another or no reason. */
    OTHER
}
