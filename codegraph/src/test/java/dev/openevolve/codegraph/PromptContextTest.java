package dev.openevolve.codegraph;

import static dev.openevolve.codegraph.Trees.def;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptContextTest {
    @TempDir
    Path root;
    CodeGraph graph;

    @BeforeEach
    void tree() {
        Trees.write(root, Map.of(
                "shop/Pricing.java", """
                        package shop;

                        public class Pricing {
                            public Money price(Cart cart) {
                                int total = Tax.add(cart.count());
                                log("priced");
                                return new Money(total);
                            }
                        }
                        """,
                "shop/Tax.java", "package shop;\n\npublic class Tax {\n    public static int add(int v) {\n        return v;\n    }\n}\n",
                "shop/Cart.java", "package shop;\n\npublic class Cart {\n    public int count() { return 1; }\n}\n",
                "shop/Money.java", "package shop;\n\npublic record Money(int cents) {\n}\n",
                "shop/Checkout.java", """
                        package shop;

                        public class Checkout {
                            public Money run(Cart cart) {
                                return new Pricing().price(cart);
                            }
                        }
                        """));
        graph = Trees.index(root);
    }

    @Test
    void showsTheTargetSourceItsCallersCalleesAndTypes() {
        String text = PromptContext.forDefinition(graph, def(graph, "Pricing.price"), 10_000);

        assertThat(text).isEqualTo("""
                Target: Pricing.price [shop/Pricing.java:4] (method, lines 4-8)
                    public Money price(Cart cart) {
                        int total = Tax.add(cart.count());
                        log("priced");
                        return new Money(total);
                    }
                Called by:
                  Checkout.run [shop/Checkout.java:4] at shop/Checkout.java:5 calls Pricing.price
                Calls:
                  public static int add(int v)  [shop/Tax.java:4]
                  public int count()  [shop/Cart.java:4]
                  public record Money(int cents)  [shop/Money.java:3]
                Types used:
                  public class Cart  [shop/Cart.java:3]
                  public record Money(int cents)  [shop/Money.java:3]
                Also calls (outside the tree or ambiguous):
                  log""");
    }

    @Test
    void neverExceedsTheBudgetAndKeepsTheNearestContextFirst() {
        Definition price = def(graph, "Pricing.price");
        for (int budget = 0; budget <= 1200; budget++) {
            String text = PromptContext.forDefinition(graph, price, budget);
            assertThat(text.length()).as("budget %d", budget).isLessThanOrEqualTo(budget);
            if (text.contains("Calls:")) {
                assertThat(text).contains("Called by:");
            }
            if (text.contains("Types used:")) {
                assertThat(text).contains("Calls:");
            }
        }
        String small = PromptContext.forDefinition(graph, price, 120);
        assertThat(small).startsWith("Target: Pricing.price").contains("… ").contains("more lines");
    }

    @Test
    void aTypeTargetCountsCallersOfItsMembers() {
        String text = PromptContext.forDefinition(graph, def(graph, "Pricing"), 10_000);
        assertThat(text).startsWith("Target: Pricing [shop/Pricing.java:3] (type, lines 3-9)")
                .contains("Checkout.run [shop/Checkout.java:4] at shop/Checkout.java:5 calls Pricing.price")
                .contains("Checkout.run [shop/Checkout.java:4] at shop/Checkout.java:5 calls Pricing\n");
    }

    @Test
    void overviewListsFilesThenDefinitionsWithCallerCountsWithinBudget() {
        String text = PromptContext.overview(graph, 10_000);
        assertThat(text).startsWith("Code graph of " + root.getFileName() + ": 5 files, 32 lines {java=5}, 9 definitions, 6 calls (5 resolved)")
                .contains("\nshop/Pricing.java (java, 9 lines)\n  public class Pricing  :3  (1 caller)\n"
                        + "    public Money price(Cart cart)  :4  (1 caller)");
        for (int budget = 0; budget <= text.length() + 5; budget++) {
            String cut = PromptContext.overview(graph, budget);
            assertThat(cut.length()).as("budget %d", budget).isLessThanOrEqualTo(budget);
        }
        String listOnly = PromptContext.overview(graph, text.indexOf('\n') + 60);
        assertThat(listOnly).contains("shop/Cart.java (java, 5 lines)").contains("more files");
    }

    @Test
    void aNegativeBudgetIsRejected() {
        assertThatThrownBy(() -> PromptContext.overview(graph, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxChars must be at least 0 but was '-1'");
    }
}
