package dev.openevolve.cluster;

import dev.openevolve.spi.OpenEvolveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Which evaluator a run uses: the SHA-256 of the evaluator file's content and its file name (for messages). A
 * worker joins a run only with an evaluator of the same hash.
 *
 * @param hash lower-case hex SHA-256 of the file's bytes
 * @param name the file name
 */
record EvaluatorIdentity(String hash, String name) {
    EvaluatorIdentity {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(name, "name");
    }

    static EvaluatorIdentity of(Path file) {
        try {
            return new EvaluatorIdentity(Wire.sha256(Files.readAllBytes(file)), file.getFileName().toString());
        } catch (IOException e) {
            throw new OpenEvolveException("cannot read evaluator file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The hash as shown to people. */
    String shortHash() {
        return hash.substring(0, 12);
    }
}
