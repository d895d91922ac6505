package dev.openevolve.server;

import dev.openevolve.spi.OpenEvolveException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bearer tokens the API accepts, each with a name (the actor the audit trail records) and a
 * {@link Role}. Only the SHA-256 of each token is kept: tokens are random and at least
 * {@value #MIN_TOKEN_LENGTH} characters long, so a salted slow hash would add nothing. A presented token
 * is hashed and compared with every stored hash in constant time. Tokens never appear in
 * {@link #toString()}, messages or logs.
 *
 * <p>A tokens file has one token per line, {@code name role sha256:HEX}; blank lines and lines starting with
 * {@code #} are skipped. {@link #newToken()} and {@link #fileLine} make one.
 *
 * <p>Immutable and thread safe.
 */
public final class ApiTokens {
    /** The shortest token accepted, in characters. */
    public static final int MIN_TOKEN_LENGTH = 32;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern HASH = Pattern.compile("sha256:([0-9a-f]{64})");
    private static final HexFormat HEX = HexFormat.of();

    /** A token's name, role and hash. */
    private record Entry(String name, Role role, byte[] hash) {
    }

    /** Who presented a valid token. */
    public record Principal(String name, Role role) {
        public Principal {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
        }
    }

    private final List<Entry> entries;

    private ApiTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** A builder of a token set. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a tokens file.
     *
     * @throws OpenEvolveException naming the file and line of the first bad line, or when it cannot be read or
     *                             holds no token
     */
    public static ApiTokens load(Path file) {
        Objects.requireNonNull(file, "file");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OpenEvolveException("cannot read the tokens file " + file + ": " + e.getMessage(), e);
        }
        var builder = builder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = file + " line " + (i + 1);
            if (parts.length != 3) {
                throw new OpenEvolveException(where + " must be 'name role sha256:HEX' but has " + parts.length
                        + " field(s)");
            }
            try {
                builder.addHashed(parts[0], role(parts[1]), parts[2]);
            } catch (IllegalArgumentException e) {
                throw new OpenEvolveException(where + ": " + e.getMessage());
            }
        }
        if (builder.entries.isEmpty()) {
            throw new OpenEvolveException("the tokens file " + file + " holds no token");
        }
        return builder.build();
    }

    /** A new random token: 32 bytes from {@link SecureRandom}, as 64 hexadecimal digits. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    /** The tokens-file line for {@code token}: {@code name role sha256:HEX}; the token itself is not in it. */
    public static String fileLine(String name, Role role, String token) {
        requireName(name);
        requireToken(token);
        return name + " " + role.name().toLowerCase(Locale.ROOT) + " sha256:" + HEX.formatHex(sha256(token));
    }

    /** Who {@code token} belongs to; empty when it is no known token. Takes the same time whichever token matches. */
    public Optional<Principal> authenticate(String token) {
        Objects.requireNonNull(token, "token");
        byte[] presented = sha256(token);
        Entry match = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.hash(), presented) && match == null) {
                match = e;
            }
        }
        return match == null ? Optional.empty() : Optional.of(new Principal(match.name(), match.role()));
    }

    /** How many tokens there are. */
    public int size() {
        return entries.size();
    }

    @Override
    public String toString() {
        return "ApiTokens[" + entries.size() + " token(s): " + entries.stream()
                .map(e -> e.name() + "=" + e.role()).toList() + "]";
    }

    private static Role role(String text) {
        try {
            return Role.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("role must be viewer, operator or admin but was '" + text + "'");
        }
    }

    private static void requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("token name must be 1-64 letters, digits or ._@- but was '" + name + "'");
        }
    }

    private static void requireToken(String token) {
        Objects.requireNonNull(token, "token");
        if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("a token must be at least " + MIN_TOKEN_LENGTH
                    + " printable ASCII characters without spaces (the token is not shown)");
        }
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Builds {@link ApiTokens}. Not thread safe. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        private Builder() {
        }

        /** Adds {@code token} (hashed at once; the builder keeps only the hash) for {@code name} with {@code role}. */
        public Builder add(String name, Role role, String token) {
            requireName(name);
            Objects.requireNonNull(role, "role");
            requireToken(token);
            return put(new Entry(name, role, sha256(token)));
        }

        /** Adds a token known by its hash, {@code sha256:} followed by 64 lower-case hexadecimal digits. */
        public Builder addHashed(String name, Role role, String hash) {
            requireName(name);
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(hash, "hash");
            var m = HASH.matcher(hash);
            if (!m.matches()) {
                throw new IllegalArgumentException("token hash of '" + name
                        + "' must be sha256: followed by 64 lower-case hexadecimal digits");
            }
            return put(new Entry(name, role, HEX.parseHex(m.group(1))));
        }

        private Builder put(Entry entry) {
            for (Entry e : entries) {
                if (e.name().equals(entry.name())) {
                    throw new IllegalArgumentException("token name '" + entry.name() + "' is given twice");
                }
                if (MessageDigest.isEqual(e.hash(), entry.hash())) {
                    throw new IllegalArgumentException("tokens '" + e.name() + "' and '" + entry.name()
                            + "' are the same token");
                }
            }
            entries.add(entry);
            return this;
        }

        /** The token set; may be empty (then every request is refused with 401). */
        public ApiTokens build() {
            return new ApiTokens(entries);
        }
    }
}
