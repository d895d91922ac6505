package dev.openevolve.codegraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.OpenEvolveException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperationMapperTest {
    @TempDir
    Path root;
    CodeGraph graph;

    @BeforeEach
    void tree() {
        Trees.write(root, Map.of(
                "checkout/Pricing.java", "class Pricing {\n    int computePrice() { return 1; }\n    void save() {}\n}\n",
                "inventory/Stock.java", "class Stock {\n    void save() {}\n    int count() { return 0; }\n}\n",
                "reports/export.py", "def save():\n    pass\n"));
        graph = Trees.index(root);
    }

    @Test
    void mapsByNameIgnoringCaseAndSeparators() {
        var mapper = OperationMapper.byName(graph);
        assertThat(mapper.locate("", "compute_price")).map(Definition::location).contains("checkout/Pricing.java:2");
        assertThat(mapper.locate("any", "COUNT")).map(Definition::qualifiedName).contains("Stock.count");
        assertThat(mapper.locate("", "missing")).isEmpty();
    }

    @Test
    void anAmbiguousNameMapsToNothingUnlessTheComponentOrAQualifierNarrowsIt() {
        var mapper = OperationMapper.byName(graph);
        assertThat(mapper.locate("", "save")).isEmpty();
        assertThat(mapper.locate("inventory", "save")).map(Definition::location).contains("inventory/Stock.java:2");
        assertThat(mapper.locate("", "pricing.save")).map(Definition::location).contains("checkout/Pricing.java:3");
        assertThat(mapper.locate("reports", "save")).map(Definition::location).contains("reports/export.py:1");
    }

    @Test
    void theHostMappingWinsByQualifiedNameOrFileAndLine() {
        var mapper = OperationMapper.withMapping(graph, Map.of(
                "billing/charge", "Pricing.computePrice",
                "persist", "inventory/Stock.java:2"));
        assertThat(mapper.locate("billing", "charge")).map(Definition::qualifiedName).contains("Pricing.computePrice");
        assertThat(mapper.locate("whatever", "persist")).map(Definition::qualifiedName).contains("Stock.save");
        assertThat(mapper.locate("", "count")).map(Definition::qualifiedName).contains("Stock.count");
    }

    @Test
    void aMappingThatDoesNotDesignateOneDefinitionIsRejectedWithEveryProblem() {
        assertThatThrownBy(() -> OperationMapper.withMapping(graph, Map.of("a", "nowhere", "b", "save",
                "c", "Stock.count")))
                .isInstanceOf(OpenEvolveException.class)
                .hasMessage("Invalid operation mapping for " + graph.root() + ": operation 'a' maps to 'nowhere' "
                        + "which names no definition; operation 'b' maps to 'save' which names 3 definitions "
                        + "[checkout/Pricing.java:3, inventory/Stock.java:2, reports/export.py:1]");
    }
}
