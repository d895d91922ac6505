package dev.openevolve.internal.llm;

import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.LanguageModelProvider;
import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Settings;
import java.util.Objects;

/**
 * Provider {@value #ID} of the offline {@link MutationModel}, registered for {@link java.util.ServiceLoader}.
 * Settings: {@code max_changes} (integer, at least 1, default 3) and {@code scale} (number greater than 0,
 * default 0.25); other settings, such as a model name, are ignored. Stateless and thread safe.
 */
public final class MutationModelProvider implements LanguageModelProvider {

    /** The provider id. */
    public static final String ID = "mutation";

    /** For {@link java.util.ServiceLoader}. */
    public MutationModelProvider() {
    }

    /** Always {@value #ID}. */
    @Override
    public String id() {
        return ID;
    }

    /**
     * A mutation model configured by {@code settings}.
     *
     * @throws OpenEvolveException naming the key and the rejected value when a setting is invalid
     */
    @Override
    public LanguageModel create(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        int maxChanges = settings.getInt("max_changes", 3);
        if (maxChanges < 1) {
            throw new OpenEvolveException("setting 'max_changes' must be at least 1 but was '" + maxChanges + "'");
        }
        double scale = settings.getDouble("scale", 0.25);
        if (!(scale > 0)) {
            throw new OpenEvolveException("setting 'scale' must be greater than 0 but was '"
                    + settings.get("scale", "") + "'");
        }
        return new MutationModel(maxChanges, scale);
    }
}
