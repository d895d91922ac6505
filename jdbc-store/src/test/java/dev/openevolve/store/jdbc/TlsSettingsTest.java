package dev.openevolve.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.Settings;
import dev.openevolve.spi.StoreException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS settings of a PostgreSQL store reach the driver unchanged, are checked first, and never show the key's password. */
class TlsSettingsTest {
    private static final String PG = "jdbc:postgresql://db.example:5432/app";

    @Test
    void tlsSettingsBecomeDriverPropertiesOfTheSameNames(@TempDir Path dir) throws Exception {
        Path root = Files.writeString(dir.resolve("root.crt"), "-----BEGIN CERTIFICATE-----\n");
        Path cert = Files.writeString(dir.resolve("client.crt"), "-----BEGIN CERTIFICATE-----\n");
        Path key = Files.writeString(dir.resolve("client.pk8"), "key");
        var options = StoreOptions.parse(Settings.of(Map.of("url", PG, "sslmode", "verify-full",
                "sslrootcert", root.toString(), "sslcert", cert.toString(), "sslkey", key.toString(),
                "sslpassword", "key-pass-123")), JdbcStore.DEFAULT_URL);

        assertThat(options.tls().driverProperties()).containsExactly(
                Map.entry("sslmode", "verify-full"), Map.entry("sslrootcert", root.toString()),
                Map.entry("sslcert", cert.toString()), Map.entry("sslkey", key.toString()),
                Map.entry("sslpassword", "key-pass-123"));
        assertThat(options.toString()).contains("sslmode=verify-full").contains("sslpassword=****")
                .doesNotContain("key-pass-123");
    }

    @Test
    void withoutTlsSettingsNothingIsPassed() {
        var options = StoreOptions.parse(Settings.of(Map.of("url", PG)), JdbcStore.DEFAULT_URL);

        assertThat(options.tls().driverProperties()).isEmpty();
        assertThat(options.toString()).doesNotContain("tls");
    }

    @Test
    void unknownSslModeIsRejectedNamingTheKeyAndValue() {
        assertThatThrownBy(() -> JdbcStore.open(Settings.of(Map.of("url", PG, "sslmode", "required"))))
                .isInstanceOf(StoreException.class)
                .hasMessage("setting 'sslmode' must be one of [disable, allow, prefer, require, verify-ca, verify-full]"
                        + " but was 'required'");
    }

    @Test
    void missingCertificateFileIsRejectedNamingTheKeyAndFile(@TempDir Path dir) {
        String missing = dir.resolve("nope.crt").toString();

        assertThatThrownBy(() -> JdbcStore.open(Settings.of(Map.of("url", PG, "sslrootcert", missing))))
                .isInstanceOf(StoreException.class)
                .hasMessage("setting 'sslrootcert' names the file '" + missing
                        + "' which does not exist or is not readable");
    }

    @Test
    void tlsSettingsAreRefusedForH2() {
        assertThatThrownBy(() -> JdbcStore.open(Settings.of(Map.of("url", "jdbc:h2:mem:tls", "sslmode", "require"))))
                .isInstanceOf(StoreException.class)
                .hasMessage("setting(s) [sslmode] configure TLS to PostgreSQL but the 'url' is not a jdbc:postgresql:"
                        + " URL");
    }

    @Test
    void sslModeReachesTheDriverOfARealServer() {
        TestDatabase.requirePostgres();
        try (var db = TestDatabase.create("postgresql")) {
            var plain = new HashMap<>(db.settings().asMap());
            plain.put("sslmode", "disable");
            try (var store = JdbcStore.open(Settings.of(plain))) {
                assertThat(store.suggestions().list()).isEmpty();
            }

            var required = new HashMap<>(db.settings().asMap());
            required.put("sslmode", "require");
            required.put("sslpassword", "never-shown-pw");
            required.put("connect_timeout_seconds", "3");
            if (serverTls(db)) {
                try (var store = JdbcStore.open(Settings.of(required))) {
                    assertThat(store.suggestions().list()).isEmpty();
                }
            } else {
                // the server runs without TLS: a driver told to require it must refuse to connect
                assertThatThrownBy(() -> JdbcStore.open(Settings.of(required)))
                        .isInstanceOf(StoreException.class)
                        .hasMessageContaining("SSL")
                        .satisfies(e -> assertThat(stackText(e)).doesNotContain("never-shown-pw"));
            }
        }
    }

    private static boolean serverTls(TestDatabase db) {
        try (var c = db.connect(); var rs = c.createStatement().executeQuery("SHOW ssl")) {
            rs.next();
            return rs.getString(1).equals("on");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stackText(Throwable e) {
        var out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
