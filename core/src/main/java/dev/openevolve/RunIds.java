package dev.openevolve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Run ids derived from the problem, so that two different problems stored in one database never share a
 * run and the same problem always resumes its own. Stateless and thread safe.
 */
public final class RunIds {
    private static final int HASH_CHARS = 16;

    private RunIds() {
    }

    /**
     * The run id of the problem made of {@code initialProgram} and {@code evaluator} (the evaluator's source or
     * any text that identifies it): {@code run-} and the first 16 hex digits of the SHA-256 of both contents. The
     * same contents always give the same id; changing either gives another. A valid
     * {@link Controller.Builder#runId(String)}.
     */
    public static String derive(String initialProgram, String evaluator) {
        Objects.requireNonNull(initialProgram, "initialProgram");
        Objects.requireNonNull(evaluator, "evaluator");
        MessageDigest sha = sha256();
        update(sha, initialProgram);
        update(sha, evaluator);
        return "run-" + HexFormat.of().formatHex(sha.digest()).substring(0, HASH_CHARS);
    }

    /** A short description of a program for messages: its length, hash and first line. */
    static String describe(String code) {
        String hash = HexFormat.of().formatHex(sha256().digest(code.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 12);
        return "a program of " + code.length() + " characters (sha256 " + hash + "…, first line '"
                + Text.head(Text.firstLine(code), 80) + "')";
    }

    /** Each part length-prefixed, so that moving text from one part to the other changes the hash. */
    private static void update(MessageDigest sha, String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
