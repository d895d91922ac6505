package dev.openevolve.llm.openai;

import feign.RequestTemplate;

/**
 * The API key and the optional organisation and project sent as headers. {@link #toString()} masks
 * the key. Immutable, therefore thread safe.
 */
final class Credentials {
    private final String apiKey;
    private final String organization;
    private final String project;
    private final Redactor redactor;

    Credentials(String apiKey, String organization, String project) {
        this.apiKey = apiKey;
        this.organization = organization;
        this.project = project;
        this.redactor = new Redactor(apiKey);
    }

    boolean hasKey() {
        return apiKey != null;
    }

    Redactor redactor() {
        return redactor;
    }

    /** Adds the headers; literal, so that Feign does not expand braces inside them. */
    void apply(RequestTemplate template) {
        if (apiKey != null) {
            template.headerLiteral("Authorization", "Bearer " + apiKey);
        }
        if (organization != null) {
            template.headerLiteral("OpenAI-Organization", organization);
        }
        if (project != null) {
            template.headerLiteral("OpenAI-Project", project);
        }
    }

    @Override
    public String toString() {
        return "Credentials{apiKey=" + (apiKey == null ? "none" : Redactor.MASK)
                + ", organization=" + organization + ", project=" + project + "}";
    }
}
