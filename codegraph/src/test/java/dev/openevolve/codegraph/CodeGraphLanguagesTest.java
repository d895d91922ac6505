package dev.openevolve.codegraph;

import static dev.openevolve.codegraph.Trees.call;
import static dev.openevolve.codegraph.Trees.def;
import static dev.openevolve.codegraph.Trees.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openevolve.codegraph.Definition.Kind;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeGraphLanguagesTest {
    @TempDir
    Path root;

    @Test
    void javaDefinitionsCallsAndCallersResolveThroughScopeAndImports() {
        Trees.write(root, Map.of(
                "src/shop/Pricing.java", """
                        package shop;

                        import shop.util.Money;

                        public class Pricing {
                            private final Money base = new Money(10);

                            public int price(Cart cart) {
                                int total = subtotal(cart);
                                return Money.round(total) + this.tax(total);
                            }

                            private int subtotal(Cart cart) {
                                return cart.size() * 2;
                            }

                            int tax(int amount) {
                                return amount / 10;
                            }
                        }
                        """,
                "src/shop/Cart.java", "package shop;\n\npublic class Cart {\n    public int size() { return 3; }\n}\n",
                "src/shop/Box.java", "package shop;\n\npublic class Box {\n    public int size() { return 1; }\n}\n",
                "src/shop/Checkout.java", """
                        package shop;

                        public class Checkout {
                            public int run(Cart cart) {
                                Pricing pricing = new Pricing();
                                System.out.println("checkout");
                                return pricing.price(cart) + cart.size();
                            }
                        }
                        """,
                "src/shop/util/Money.java", """
                        package shop.util;

                        public class Money {
                            public Money(int cents) {
                            }

                            public static int round(int value) {
                                return value;
                            }
                        }
                        """));
        CodeGraph graph = Trees.index(root);

        Definition price = def(graph, "Pricing.price");
        assertThat(price.kind()).isEqualTo(Kind.METHOD);
        assertThat(price.file()).isEqualTo("src/shop/Pricing.java");
        assertThat(price.startLine()).isEqualTo(8);
        assertThat(price.endLine()).isEqualTo(11);
        assertThat(price.signature()).isEqualTo("public int price(Cart cart)");
        assertThat(def(graph, "Pricing").kind()).isEqualTo(Kind.TYPE);
        assertThat(graph.file("src/shop/Pricing.java").orElseThrow().imports())
                .singleElement().satisfies(i -> {
                    assertThat(i.module()).containsExactly("shop", "util", "Money");
                    assertThat(i.names()).containsExactly("Money");
                });

        assertThat(target(call(graph, price, "subtotal"))).contains("src/shop/Pricing.java#Pricing.subtotal");
        assertThat(target(call(graph, price, "tax"))).contains("src/shop/Pricing.java#Pricing.tax");
        assertThat(target(call(graph, price, "round"))).contains("src/shop/util/Money.java#Money.round");
        assertThat(target(call(graph, def(graph, "Pricing"), "Money"))).contains("src/shop/util/Money.java#Money");

        Definition run = def(graph, "Checkout.run");
        assertThat(target(call(graph, run, "price"))).contains("src/shop/Pricing.java#Pricing.price");
        assertThat(target(call(graph, run, "Pricing"))).contains("src/shop/Pricing.java#Pricing");
        CallSite size = call(graph, run, "size");
        assertThat(size.target()).as("Cart.size and Box.size are both visible").isEmpty();
        assertThat(size.candidates()).isEqualTo(2);
        CallSite println = call(graph, run, "println");
        assertThat(println.target()).isEmpty();
        assertThat(println.candidates()).isZero();
        assertThat(println.receiver()).isEqualTo("System.out");

        assertThat(graph.callersOf(price)).extracting(c -> c.caller().orElseThrow().qualifiedName())
                .containsExactly("Checkout.run");
        assertThat(graph.callersOf(def(graph, "Pricing.subtotal"))).extracting(CallSite::line).containsExactly(9);
        assertThat(graph.typesUsedBy(price)).extracting(Definition::qualifiedName).containsExactly("Cart");
        assertThat(graph.definitionAt("src/shop/Pricing.java", 10)).contains(price);
        assertThat(graph.definitionAt("src/shop/Pricing.java", 6)).contains(def(graph, "Pricing"));
    }

    @Test
    void pythonPrefersTheImportedBindingAndResolvesModuleAliasesAndSelf() {
        Trees.write(root, Map.of(
                "app/main.py", """
                        from app.geometry import area, Shape
                        import app.util as util


                        def report(shape):
                            total = area(shape)
                            helper = Shape(2)
                            return util.fmt(total) + helper.describe()


                        class Runner:
                            def run(self):
                                return self.step() + report(None)

                            def step(self):
                                return 1
                        """,
                "app/geometry.py", """
                        class Shape:
                            def __init__(self, size):
                                self.size = size

                            def describe(self):
                                return "shape"


                        def area(shape):
                            return 3.14 * shape.size
                        """,
                "app/util.py", "def fmt(x):\n    return str(x)\n",
                "app/other.py", "def area(x):\n    return 0\n"));
        CodeGraph graph = Trees.index(root);

        Definition report = def(graph, "report");
        assertThat(report.kind()).isEqualTo(Kind.FUNCTION);
        assertThat(report.signature()).isEqualTo("def report(shape)");
        assertThat(def(graph, "Runner.step").kind()).isEqualTo(Kind.METHOD);
        assertThat(target(call(graph, report, "area"))).contains("app/geometry.py#area");
        assertThat(target(call(graph, report, "Shape"))).contains("app/geometry.py#Shape");
        assertThat(target(call(graph, report, "fmt"))).contains("app/util.py#fmt");
        assertThat(target(call(graph, report, "describe"))).contains("app/geometry.py#Shape.describe");
        Definition run = def(graph, "Runner.run");
        assertThat(target(call(graph, run, "step"))).contains("app/main.py#Runner.step");
        assertThat(target(call(graph, run, "report"))).contains("app/main.py#report");
        assertThat(graph.callersOf(report)).extracting(c -> c.caller().orElseThrow().qualifiedName())
                .containsExactly("Runner.run");
        Definition otherArea = graph.find("area").stream().filter(d -> d.file().equals("app/other.py"))
                .findFirst().orElseThrow();
        assertThat(graph.callersOf(otherArea)).isEmpty();
    }

    @Test
    void javascriptResolvesNamedAndNamespaceImportsArrowFunctionsAndNew() {
        Trees.write(root, Map.of(
                "web/app.js", """
                        import { total, Cart } from './cart.js';
                        import * as fmt from './format';

                        export function checkout(items) {
                          const cart = new Cart(items);
                          return fmt.money(total(cart));
                        }

                        const shout = (s) => s.toUpperCase();
                        function main() { return shout(checkout([1, 2])); }
                        """,
                "web/cart.js", """
                        export class Cart {
                          constructor(items) { this.items = items; }
                          count() { return this.items.length; }
                        }
                        export function total(cart) { return cart.count() * 2; }
                        """,
                "web/format.js", "export function money(v) { return '$' + v; }\n"));
        CodeGraph graph = Trees.index(root);

        Definition checkout = def(graph, "checkout");
        assertThat(target(call(graph, checkout, "Cart"))).contains("web/cart.js#Cart");
        assertThat(target(call(graph, checkout, "total"))).contains("web/cart.js#total");
        assertThat(target(call(graph, checkout, "money"))).contains("web/format.js#money");
        Definition main = def(graph, "main");
        assertThat(target(call(graph, main, "shout"))).contains("web/app.js#shout");
        assertThat(target(call(graph, main, "checkout"))).contains("web/app.js#checkout");
        assertThat(target(call(graph, def(graph, "total"), "count"))).contains("web/cart.js#Cart.count");
        assertThat(def(graph, "Cart.count").kind()).isEqualTo(Kind.METHOD);
        assertThat(graph.callersOf(def(graph, "total"))).extracting(CallSite::file).containsExactly("web/app.js");
    }

    @Test
    void typescriptFindsInterfacesMethodsAndTheTypesAMethodUses() {
        Trees.write(root, Map.of(
                "ts/service.ts", """
                        import { Repo } from './repo';

                        export interface Item { id: number; }

                        export class Service {
                          constructor(private repo: Repo) {}
                          find(id: number): Item | undefined {
                            return this.repo.get(id);
                          }
                        }
                        """,
                "ts/repo.ts", """
                        import { Item } from './service';
                        export class Repo {
                          get(id: number): Item | undefined { return undefined; }
                        }
                        """));
        CodeGraph graph = Trees.index(root);

        assertThat(def(graph, "Item").kind()).isEqualTo(Kind.TYPE);
        Definition find = def(graph, "Service.find");
        assertThat(find.signature()).isEqualTo("find(id: number): Item | undefined");
        CallSite get = call(graph, find, "get");
        assertThat(get.receiver()).isEqualTo("this.repo");
        assertThat(target(get)).contains("ts/repo.ts#Repo.get");
        assertThat(graph.typesUsedBy(find)).extracting(Definition::qualifiedName).containsExactly("Item");
        assertThat(graph.typesUsedBy(def(graph, "Service.constructor"))).extracting(Definition::qualifiedName)
                .containsExactly("Repo");
    }

    @Test
    void tsxFilesAreParsedAndAComponentUsedAsAnElementIsACall() {
        Trees.write(root, Map.of(
                "web/Cart.tsx", """
                        import { formatPrice } from './money';

                        export interface CartProps { total: number; }

                        export function Cart(props: CartProps) {
                          return <div className="cart">{formatPrice(props.total)}</div>;
                        }
                        """,
                "web/App.tsx", """
                        import { Cart } from './Cart';

                        export class App {
                          render() {
                            return (
                              <main>
                                <Cart total={3} />
                              </main>
                            );
                          }
                        }
                        """,
                "web/money.ts", "export function formatPrice(cents: number): string { return `${cents}`; }\n"));
        CodeGraph graph = Trees.index(root);

        assertThat(graph.file("web/Cart.tsx").orElseThrow()).satisfies(f -> {
            assertThat(f.language()).isEqualTo("typescript");
            assertThat(f.status()).isEqualTo(SourceFile.Status.PARSED);
        });
        Definition cart = def(graph, "Cart");
        assertThat(cart.kind()).isEqualTo(Kind.FUNCTION);
        assertThat(cart.signature()).isEqualTo("function Cart(props: CartProps)");
        assertThat(target(call(graph, cart, "formatPrice"))).contains("web/money.ts#formatPrice");
        assertThat(graph.typesUsedBy(cart)).extracting(Definition::qualifiedName).containsExactly("CartProps");
        Definition render = def(graph, "App.render");
        assertThat(graph.callsFrom(render)).as("<main> is an HTML element, <Cart /> a component")
                .extracting(CallSite::callee).containsExactly("Cart");
        assertThat(target(call(graph, render, "Cart"))).contains("web/Cart.tsx#Cart");
        assertThat(graph.callersOf(cart)).extracting(CallSite::line).containsExactly(7);
    }

    @Test
    void goResolvesPackageCallsAndMethodsOnTheirReceiverType() {
        Trees.write(root, Map.of(
                "go/geo/shapes.go", """
                        package geo

                        type Rect struct{ W, H float64 }

                        func (r *Rect) Area() float64 { return r.W * r.H }

                        func NewRect(w, h float64) *Rect { return &Rect{W: w, H: h} }
                        """,
                "go/main.go", """
                        package main

                        import (
                        	"fmt"
                        	"example.com/m/geo"
                        )

                        func main() {
                        	r := geo.NewRect(2, 3)
                        	fmt.Println(describe(r.Area()))
                        }

                        func describe(a float64) string { return fmt.Sprint(a) }
                        """));
        CodeGraph graph = Trees.index(root);

        Definition area = def(graph, "Rect.Area");
        assertThat(area.kind()).isEqualTo(Kind.METHOD);
        assertThat(def(graph, "Rect").kind()).isEqualTo(Kind.TYPE);
        Definition main = def(graph, "main");
        assertThat(target(call(graph, main, "NewRect"))).contains("go/geo/shapes.go#NewRect");
        assertThat(target(call(graph, main, "Area"))).contains("go/geo/shapes.go#Rect.Area");
        assertThat(target(call(graph, main, "describe"))).contains("go/main.go#describe");
        assertThat(call(graph, main, "Println").target()).isEmpty();
        assertThat(graph.file("go/main.go").orElseThrow().imports()).extracting(Import::names)
                .containsExactly(java.util.List.of("fmt"), java.util.List.of("geo"));
        assertThat(graph.callersOf(area)).extracting(c -> c.caller().orElseThrow().name()).containsExactly("main");
    }

    @Test
    void rustResolvesUsePathsImplMethodsAndLocalFunctions() {
        Trees.write(root, Map.of(
                "rs/src/geo.rs", """
                        pub struct Circle {
                            pub r: f64,
                        }

                        impl Circle {
                            pub fn new(r: f64) -> Self {
                                Circle { r }
                            }

                            pub fn area(&self) -> f64 {
                                square(self.r) * 3.14
                            }
                        }

                        fn square(x: f64) -> f64 {
                            x * x
                        }
                        """,
                "rs/src/main.rs", """
                        mod geo;
                        use crate::geo::Circle;

                        fn main() {
                            let c = Circle::new(2.0);
                            let a = c.area();
                            println!("{}", a);
                            helper();
                        }

                        fn helper() {}
                        """));
        CodeGraph graph = Trees.index(root);

        Definition area = def(graph, "Circle.area");
        assertThat(area.kind()).isEqualTo(Kind.METHOD);
        assertThat(area.signature()).isEqualTo("pub fn area(&self) -> f64");
        assertThat(def(graph, "square").kind()).isEqualTo(Kind.FUNCTION);
        assertThat(target(call(graph, area, "square"))).contains("rs/src/geo.rs#square");
        Definition main = def(graph, "main");
        assertThat(target(call(graph, main, "new"))).contains("rs/src/geo.rs#Circle.new");
        assertThat(target(call(graph, main, "area"))).contains("rs/src/geo.rs#Circle.area");
        assertThat(target(call(graph, main, "helper"))).contains("rs/src/main.rs#helper");
        assertThat(graph.callersOf(def(graph, "square"))).extracting(c -> c.caller().orElseThrow().qualifiedName())
                .containsExactly("Circle.area");
    }
}
