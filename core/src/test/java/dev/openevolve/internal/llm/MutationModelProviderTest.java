package dev.openevolve.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.LanguageModelProvider;
import dev.openevolve.spi.OpenEvolveException;
import dev.openevolve.spi.Settings;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class MutationModelProviderTest {

    @Test
    void isFoundByServiceLoaderUnderItsId() {
        assertThat(ServiceLoader.load(LanguageModelProvider.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(p -> {
                    assertThat(p.id()).isEqualTo("mutation");
                    assertThat(p).isInstanceOf(MutationModelProvider.class);
                });
    }

    @Test
    void createsTheModelWithDefaultsOrSettings() {
        LanguageModel byDefault = new MutationModelProvider().create(Settings.empty());
        LanguageModel set = new MutationModelProvider().create(Settings.of(Map.of("max_changes", "5", "scale", "0.1",
                "model", "ignored")));

        assertThat(byDefault).isInstanceOfSatisfying(MutationModel.class, m -> {
            assertThat(m.maxChanges()).isEqualTo(3);
            assertThat(m.scale()).isEqualTo(0.25);
        });
        assertThat(set).isInstanceOfSatisfying(MutationModel.class, m -> {
            assertThat(m.maxChanges()).isEqualTo(5);
            assertThat(m.scale()).isEqualTo(0.1);
        });
    }

    @Test
    void badSettingsFailNamingKeyAndValue() {
        MutationModelProvider provider = new MutationModelProvider();
        assertThatThrownBy(() -> provider.create(Settings.of(Map.of("max_changes", "0"))))
                .isInstanceOf(OpenEvolveException.class)
                .hasMessage("setting 'max_changes' must be at least 1 but was '0'");
        assertThatThrownBy(() -> provider.create(Settings.of(Map.of("max_changes", "many"))))
                .hasMessage("setting 'max_changes' must be an integer but was 'many'");
        assertThatThrownBy(() -> provider.create(Settings.of(Map.of("scale", "-0.5"))))
                .hasMessage("setting 'scale' must be greater than 0 but was '-0.5'");
        assertThatThrownBy(() -> provider.create(Settings.of(Map.of("scale", "big"))))
                .hasMessage("setting 'scale' must be a finite number but was 'big'");
    }
}
