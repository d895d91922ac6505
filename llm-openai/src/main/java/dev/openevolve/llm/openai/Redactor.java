package dev.openevolve.llm.openai;

/**
 * Removes the API key from text that came from elsewhere (error bodies, transport messages) before
 * it reaches a log line or an exception. Immutable, therefore thread safe.
 */
final class Redactor {
    static final String MASK = "****";
    private static final int MIN_SECRET_CHARS = 4;

    private final String secret;

    Redactor(String secret) {
        this.secret = secret != null && secret.length() >= MIN_SECRET_CHARS ? secret : null;
    }

    String redact(String text) {
        if (text == null || secret == null) {
            return text;
        }
        return text.replace(secret, MASK);
    }
}
