package dev.openevolve.codegraph;

import java.util.Objects;
import java.util.Optional;

/**
 * A call (or {@code new}) in a source file and what it resolves to. Immutable.
 *
 * @param file       the calling file, {@code /}-separated below the root
 * @param line       1-based line of the call
 * @param callee     the called name as written (without receiver)
 * @param receiver   the receiver expression as written ({@code this}, {@code self}, a variable, a type), or
 *                   {@code ""} for a plain call
 * @param caller     the innermost definition containing the call, if any
 * @param target     the definition the call resolves to, when exactly one candidate is visible from the call
 * @param candidates how many definitions of that name were visible from the call (0 for an external name)
 */
public record CallSite(String file, int line, String callee, String receiver, Optional<Definition> caller,
                       Optional<Definition> target, int candidates) {
    public CallSite {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(callee, "callee");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(target, "target");
        if (candidates < 0) {
            throw new IllegalArgumentException("candidates must not be negative but was " + candidates);
        }
    }
}
