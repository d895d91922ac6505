package dev.openevolve.analysis;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** One fixture written by {@code analysis/generate_fixtures.py} from real scikit-learn. */
record SklearnFixture(String name, double eps, int minSamples, boolean scaled, double[][] points, int[] labels,
                      int[] coreIndices, int clusterCount, double[] silhouettePerCluster, double[] scalerMean, double[] scalerVar,
                      double[] scalerScale) {

    static final String[] NAMES = {"blobs", "overlapping", "duplicates", "shared_borders", "shared_borders_decimal",
        "noise", "large_5d", "large_5d_scaled", "heavy_tailed_scaled", "scaler_edge"};

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static SklearnFixture load(String name) {
        try (InputStream in = SklearnFixture.class.getResourceAsStream("/analysis/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("fixture analysis/" + name + ".json is missing");
            }
            return JSON.readValue(in, SklearnFixture.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + name, e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
