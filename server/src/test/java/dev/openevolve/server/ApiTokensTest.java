package dev.openevolve.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.OpenEvolveException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokensTest {

    @Test
    void fileLinesAuthenticateTheirTokensAndHoldOnlyTheHash(@TempDir Path dir) throws Exception {
        String token = ApiTokens.newToken();
        String line = ApiTokens.fileLine("deploy-bot", Role.OPERATOR, token);
        Path file = Files.writeString(dir.resolve("tokens"), "# tokens\n\n" + line + "\n");

        var tokens = ApiTokens.load(file);

        assertThat(token).hasSize(64).matches("[0-9a-f]+");
        assertThat(line).startsWith("deploy-bot operator sha256:").doesNotContain(token);
        assertThat(tokens.authenticate(token)).contains(new ApiTokens.Principal("deploy-bot", Role.OPERATOR));
        assertThat(tokens.authenticate(token + "x")).isEmpty();
        assertThat(tokens.authenticate("")).isEmpty();
        assertThat(tokens.toString()).isEqualTo("ApiTokens[1 token(s): [deploy-bot=OPERATOR]]").doesNotContain(token);
    }

    @Test
    void badLinesAreRejectedNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path fields = Files.writeString(dir.resolve("a"), "alice viewer\n");
        Path role = Files.writeString(dir.resolve("b"), "# c\nalice root sha256:" + "0".repeat(64) + "\n");
        Path hash = Files.writeString(dir.resolve("c"), "alice viewer md5:abc\n");
        Path empty = Files.writeString(dir.resolve("d"), "# nothing\n");

        assertThatThrownBy(() -> ApiTokens.load(fields)).isInstanceOf(OpenEvolveException.class)
                .hasMessage(fields + " line 1 must be 'name role sha256:HEX' but has 2 field(s)");
        assertThatThrownBy(() -> ApiTokens.load(role)).hasMessage(role
                + " line 2: role must be viewer, operator or admin but was 'root'");
        assertThatThrownBy(() -> ApiTokens.load(hash)).hasMessage(hash
                + " line 1: token hash of 'alice' must be sha256: followed by 64 lower-case hexadecimal digits");
        assertThatThrownBy(() -> ApiTokens.load(empty)).hasMessage("the tokens file " + empty + " holds no token");
        assertThatThrownBy(() -> ApiTokens.load(dir.resolve("missing"))).hasMessageStartingWith("cannot read the tokens file");
    }

    @Test
    void shortTokensDuplicateNamesAndReusedTokensAreRefusedWithoutShowingTheToken() {
        assertThatThrownBy(() -> ApiTokens.builder().add("a", Role.ADMIN, "short-secret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("short-secret"));
        String t = ApiTokens.newToken();
        assertThatThrownBy(() -> ApiTokens.builder().add("a", Role.ADMIN, t).add("a", Role.VIEWER, ApiTokens.newToken()))
                .hasMessage("token name 'a' is given twice");
        assertThatThrownBy(() -> ApiTokens.builder().add("a", Role.ADMIN, t).add("b", Role.VIEWER, t))
                .hasMessage("tokens 'a' and 'b' are the same token");
    }

    @Test
    void rolesIncludeTheLowerOnes() {
        assertThat(Role.ADMIN.includes(Role.OPERATOR)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.includes(Role.OPERATOR)).isFalse();
        assertThat(Role.OPERATOR.includes(Role.ADMIN)).isFalse();
    }
}
