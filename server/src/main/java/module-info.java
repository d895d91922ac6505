/**
 * The HTTP API of the optimisation loop on the JDK's built-in server: bearer tokens with roles, audit,
 * rate limiting, HTTPS, and the run report. Exports only {@code dev.openevolve.server}; the package is
 * opened to Jackson (request bodies are records) and to picocli (the {@code serve} command's options).
 */
module dev.openevolve.server {
    requires transitive dev.openevolve.core;
    requires transitive jdk.httpserver;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires info.picocli;

    exports dev.openevolve.server;

    opens dev.openevolve.server to com.fasterxml.jackson.databind, info.picocli;
}
