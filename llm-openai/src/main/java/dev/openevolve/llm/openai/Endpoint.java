package dev.openevolve.llm.openai;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The API root that {@code /chat/completions} is appended to, for example {@code https://api.openai.com/v1}
 * or {@code http://localhost:8000/v1}. Holds no credentials, so it may be shown in messages. Immutable.
 *
 * @param url the root without a trailing slash
 */
record Endpoint(String url) {
    static final String OPENAI = "https://api.openai.com/v1";

    /**
     * Validates {@code value}.
     *
     * @throws IllegalArgumentException naming the rule when it is not an absolute http(s) URL without
     *                                  user info, query or fragment
     */
    static Endpoint parse(String value) {
        String trimmed = value.strip();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'api_base' must be a URL but was '" + trimmed + "' (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("'api_base' must be an absolute http:// or https:// URL with a host but was '"
                    + (uri.getRawUserInfo() == null ? trimmed : "(a URL with user info)") + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'api_base' must not carry user info (put the key in 'api_key')");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("'api_base' must not have a query or fragment but was '" + trimmed + "'");
        }
        String url = trimmed.replaceAll("/+$", "");
        if (url.endsWith("/chat/completions")) {
            throw new IllegalArgumentException("'api_base' must be the API root (for example http://localhost:8000/v1), "
                    + "not the chat/completions endpoint, but was '" + trimmed + "'");
        }
        return new Endpoint(url);
    }

    /** Whether this is OpenAI's own API, which always needs a key. */
    boolean isOpenAi() {
        return URI.create(url).getHost().equalsIgnoreCase("api.openai.com");
    }

    @Override
    public String toString() {
        return url;
    }
}
