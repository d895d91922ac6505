package dev.openevolve.codegraph;

import static dev.openevolve.codegraph.Trees.call;
import static dev.openevolve.codegraph.Trees.def;
import static dev.openevolve.codegraph.Trees.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.spi.OpenEvolveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeGraphIndexerTest {
    @TempDir
    Path root;

    private static final String A = "package p;\n\npublic class A {\n    public int a() { return B.b(); }\n}\n";
    private static final String B = "package p;\n\npublic class B {\n    public static int b() { return 1; }\n}\n";

    @Test
    void reparsesOnlyChangedFilesAndReportsWhatChanged() throws IOException {
        Trees.write(root, Map.of("p/A.java", A, "p/B.java", B, "p/C.java", "package p;\nclass C {}\n"));
        var events = new ArrayList<CodebaseAnalysis>();
        var indexer = CodeGraphIndexer.builder(root).listener(events::add).build();

        CodebaseAnalysis first = indexer.update();
        assertThat(first.added()).containsExactly("p/A.java", "p/B.java", "p/C.java");
        assertThat(first.changed()).isEmpty();
        assertThat(target(call(first.graph(), def(first.graph(), "A.a"), "b"))).contains("p/B.java#B.b");

        settle();
        CodebaseAnalysis same = indexer.update();
        assertThat(same.hasChanges()).isFalse();
        assertThat(same.unchanged()).isEqualTo(3);
        assertThat(same.graph()).as("nothing changed: the same graph").isSameAs(first.graph());

        Files.writeString(root.resolve("p/B.java"), B.replace("b()", "renamed()"));
        Files.setLastModifiedTime(root.resolve("p/B.java"), FileTime.from(Instant.now()));
        Files.delete(root.resolve("p/C.java"));
        Trees.write(root, "p/D.java", "package p;\nclass D { int d() { return new A().a(); } }\n");
        CodebaseAnalysis second = indexer.update();
        assertThat(second.changed()).containsExactly("p/B.java");
        assertThat(second.added()).containsExactly("p/D.java");
        assertThat(second.removed()).containsExactly("p/C.java");
        assertThat(second.unchanged()).isEqualTo(1);
        CallSite b = call(second.graph(), def(second.graph(), "A.a"), "b");
        assertThat(b.target()).as("A was not re-parsed, but its call is resolved again").isEmpty();
        assertThat(second.graph().callersOf(def(second.graph(), "A.a"))).extracting(CallSite::file)
                .containsExactly("p/D.java");
        assertThat(first.graph().find("B.b")).as("an earlier graph is not modified").hasSize(1);
        assertThat(events).containsExactly(first, same, second);
        assertThat(indexer.graph()).isSameAs(second.graph());
    }

    @Test
    void anIncrementalUpdateResolvesExactlyAsAFreshIndex() throws IOException {
        Trees.write(root, Map.of(
                "p/A.java", "package p;\nclass A { int a() { return helper() + new B().b() + q.Q.q(); } int helper() { return 0; } }\n",
                "p/B.java", "package p;\nclass B { int b() { return 1; } }\n",
                "q/Q.java", "package q;\npublic class Q { public static int q() { return 2; } }\n",
                "r/R.java", "package r;\nclass R { int r() { return new p.B().b(); } }\n"));
        var indexer = CodeGraphIndexer.builder(root).build();
        indexer.update();
        List<String> steps = List.of(
                "p/C.java=package p;\nclass C { int b() { return 3; } }\n",
                "p/B.java=package p;\nclass B { int bee() { return 1; } }\n",
                "p/C.java=",
                "q/Q.java=package q;\npublic class Q { public static int q() { return helper(); } static int helper() { return 1; } }\n",
                "p/B.java=package p;\nclass B { int b() { return 1; } }\n");
        for (String step : steps) {
            String path = step.substring(0, step.indexOf('='));
            String text = step.substring(step.indexOf('=') + 1);
            if (text.isEmpty()) {
                Files.delete(root.resolve(path));
            } else {
                Trees.write(root, path, text);
            }
            CodeGraph incremental = indexer.update().graph();
            CodeGraph fresh = Trees.index(root);
            assertThat(incremental.calls()).as("after %s", step).isEqualTo(fresh.calls());
            assertThat(incremental.definitions()).isEqualTo(fresh.definitions());
            for (Definition d : fresh.definitions()) {
                assertThat(incremental.callersOf(d)).as("callers of %s", d).isEqualTo(fresh.callersOf(d));
            }
        }
    }

    @Test
    void incrementalUpdatesOfAManyFileTreeEqualAFreshIndexEveryTime() throws IOException {
        for (int i = 0; i < 12; i++) {
            Trees.write(root, "pkg" + i % 3 + "/K" + i + ".java", "package pkg" + i % 3 + ";\n\nimport pkg"
                    + (i + 1) % 3 + ".K" + (i + 1) % 12 + ";\n\npublic class K" + i + " {\n"
                    + "    public int run(int x) { return step(x) + K" + (i + 1) % 12 + ".shared(x) + new K"
                    + (i + 1) % 12 + "().run(x); }\n"
                    + "    int step(int x) { return x + 1; }\n"
                    + "    public static int shared(int x) { return x; }\n}\n");
        }
        var indexer = CodeGraphIndexer.builder(root).build();
        indexer.update();
        String k4 = Files.readString(root.resolve("pkg1/K4.java"));
        List<String> steps = List.of(
                // a body grows: K4's definitions move down, their callers elsewhere must point at the new lines
                "pkg1/K4.java=" + k4.replace("{ return x + 1; }", "{\n        int y = x;\n        return y + 1;\n    }"),
                // a second definition of a name: calls of shared() that saw one candidate may now see two
                "pkg1/K4.java=" + k4.replace("int step(", "static int shared(long x) { return 0; }\n    int step("),
                // a method moves to another type of the file
                "pkg1/K4.java=" + k4.replace("    int step(int x) { return x + 1; }\n", "") + "class Side { int step(int x) { return x; } }\n",
                // a new file defining a name the others call, then gone again
                "pkg9/K5.java=package pkg9;\npublic class K5 { public static int shared(int x) { return 9; } }\n",
                "pkg9/K5.java=",
                "pkg1/K4.java=" + k4,
                "pkg0/K0.java=",
                "pkg0/K0.java=package pkg0;\nclass K0 { int run(int x) { return run(x); } }\n");
        for (String step : steps) {
            String path = step.substring(0, step.indexOf('='));
            String text = step.substring(step.indexOf('=') + 1);
            if (text.isEmpty()) {
                Files.delete(root.resolve(path));
            } else {
                Trees.write(root, path, text);
                Files.setLastModifiedTime(root.resolve(path), FileTime.from(Instant.now()));
            }
            CodeGraph incremental = indexer.update().graph();
            CodeGraph fresh = Trees.index(root);
            assertSameGraph(incremental, fresh, step);
        }
    }

    private static void assertSameGraph(CodeGraph incremental, CodeGraph fresh, String step) {
        assertThat(incremental.files()).as("after %s", step).isEqualTo(fresh.files());
        assertThat(incremental.definitions()).as("after %s", step).isEqualTo(fresh.definitions());
        assertThat(incremental.calls()).as("after %s", step).isEqualTo(fresh.calls());
        for (Definition d : fresh.definitions()) {
            assertThat(incremental.callersOf(d)).as("callers of %s after %s", d, step).isEqualTo(fresh.callersOf(d));
            assertThat(incremental.callsFrom(d)).as("calls from %s after %s", d, step).isEqualTo(fresh.callsFrom(d));
            assertThat(incremental.find(d.name())).as("find %s after %s", d.name(), step)
                    .isEqualTo(fresh.find(d.name()));
            assertThat(incremental.typesUsedBy(d)).isEqualTo(fresh.typesUsedBy(d));
        }
    }

    @Test
    void aTouchedFileWithTheSameContentIsNotReparsed() throws IOException {
        Trees.write(root, Map.of("p/A.java", A, "p/B.java", B));
        var indexer = CodeGraphIndexer.builder(root).build();
        CodebaseAnalysis first = indexer.update();
        Files.setLastModifiedTime(root.resolve("p/A.java"), FileTime.from(Instant.now().plusSeconds(5)));

        CodebaseAnalysis touched = indexer.update();

        assertThat(touched.hasChanges()).isFalse();
        assertThat(touched.graph()).isSameAs(first.graph());
    }

    @Test
    void aChangeWithinTheClockGranularityIsStillSeen() throws IOException {
        Trees.write(root, "p/A.java", A);
        var indexer = CodeGraphIndexer.builder(root).build();
        indexer.update();
        FileTime stamp = Files.getLastModifiedTime(root.resolve("p/A.java"));
        Files.writeString(root.resolve("p/A.java"), A.replace("a()", "z()"));
        Files.setLastModifiedTime(root.resolve("p/A.java"), stamp);

        CodebaseAnalysis next = indexer.update();

        assertThat(next.changed()).containsExactly("p/A.java");
        assertThat(next.graph().find("A.z")).hasSize(1);
    }

    @Test
    void syntaxErrorsAreRecoveredFromAndReported() {
        Trees.write(root, "Broken.java", """
                public class Broken {
                    void ok() { helper(); }
                    void broken( { int x = ; }
                    void helper() {}
                }
                """);
        CodeGraph graph = Trees.index(root);

        SourceFile file = graph.file("Broken.java").orElseThrow();
        assertThat(file.status()).isEqualTo(SourceFile.Status.PARSED_WITH_ERRORS);
        assertThat(file.parsed()).isTrue();
        assertThat(graph.definitions()).extracting(Definition::qualifiedName).contains("Broken", "Broken.ok",
                "Broken.helper");
        assertThat(target(call(graph, def(graph, "Broken.ok"), "helper"))).contains("Broken.java#Broken.helper");
    }

    @Test
    void binaryAndNonUtf8FilesAreListedButNotParsed() throws IOException {
        Files.write(root.resolve("blob.java"), new byte[] {'c', 'l', 0, 0, 1, 2, 3, (byte) 0xff});
        Files.write(root.resolve("latin1.py"), "def caf\u00e9(): pass\n".getBytes("ISO-8859-1"));
        Trees.write(root, "ok.py", "def fine():\n    return 1\n");
        CodeGraph graph = Trees.index(root);

        assertThat(graph.file("blob.java").orElseThrow().status()).isEqualTo(SourceFile.Status.BINARY);
        assertThat(graph.file("latin1.py").orElseThrow().status()).isEqualTo(SourceFile.Status.BINARY);
        assertThat(graph.file("blob.java").orElseThrow().definitions()).isEmpty();
        assertThat(graph.definitions()).extracting(Definition::name).containsExactly("fine");
    }

    @Test
    void filesOverTheSizeLimitAreNotRead() {
        Trees.write(root, "Big.java", "class Big {\n" + "    int f() { return 1; }\n".repeat(2000) + "}\n");
        Trees.write(root, "Small.java", "class Small {}\n");
        CodeGraph graph = CodeGraphIndexer.builder(root).maxFileBytes(10_000).build().update().graph();

        SourceFile big = graph.file("Big.java").orElseThrow();
        assertThat(big.status()).isEqualTo(SourceFile.Status.TOO_LARGE);
        assertThat(big.size()).isGreaterThan(10_000);
        assertThat(big.sha256()).isEmpty();
        assertThat(graph.definitions()).extracting(Definition::name).containsExactly("Small");
    }

    @Test
    void aParseOverItsTimeLimitGivesTheFileUpAndTheRestIsIndexed() {
        StringBuilder huge = new StringBuilder("class Huge {\n");
        for (int i = 0; i < 40_000; i++) {
            huge.append("    int f").append(i).append("(int x) { return g(x) + (x * ").append(i).append("); }\n");
        }
        Trees.write(root, "Huge.java", huge.append("}\n").toString());
        Trees.write(root, "Small.java", "class Small {}\n");
        CodeGraph graph = CodeGraphIndexer.builder(root).maxFileBytes(1L << 30).parseTimeout(Duration.ofMillis(1))
                .build().update().graph();

        assertThat(graph.file("Huge.java").orElseThrow().status()).isEqualTo(SourceFile.Status.UNREADABLE);
        assertThat(graph.definitions()).extracting(Definition::name).containsExactly("Small");
    }

    @Test
    void deeplyNestedInputDoesNotBreakTheIndexer() {
        Trees.write(root, "deep.py", "x = " + "(".repeat(50_000) + "1" + ")".repeat(50_000) + "\ndef after():\n    pass\n");
        Trees.write(root, "deep.js", "f(" + "[".repeat(50_000) + "]".repeat(50_000) + ");\nfunction g() {}\n");
        CodeGraph graph = Trees.index(root);

        assertThat(graph.files()).extracting(SourceFile::path).containsExactly("deep.js", "deep.py");
        assertThat(graph.definitions()).extracting(Definition::name).contains("after", "g");
    }

    @Test
    void aLongCallChainIsIndexedWithShortReceivers() {
        Trees.write(root, "Chain.java", chain(2_000));
        CodeGraph graph = Trees.index(root);

        List<CallSite> calls = graph.callsFrom(def(graph, "Chain.build"));
        assertThat(calls).hasSize(2_001);
        assertThat(calls).allSatisfy(c -> assertThat(c.receiver().length()).isLessThanOrEqualTo(80));
        assertThat(graph.callersOf(def(graph, "Chain.next"))).hasSize(2_000);
    }

    @Test
    void aFileWhoseQueryRunsOverTheTimeLimitIsGivenUpNotHalfIndexed() {
        // tree-sitter's query cursor is quadratic in nesting depth: 20,000 chained calls take seconds
        Trees.write(root, "Chain.java", chain(20_000));
        Trees.write(root, "Small.java", "class Small { void s() {} }\n");
        CodeGraph graph = CodeGraphIndexer.builder(root).parseTimeout(Duration.ofMillis(200)).build().update().graph();

        assertThat(graph.file("Chain.java").orElseThrow().status()).isEqualTo(SourceFile.Status.UNREADABLE);
        assertThat(graph.definitions()).extracting(Definition::qualifiedName).containsExactly("Small", "Small.s");
    }

    private static String chain(int calls) {
        return "class Chain {\n    Object build() {\n        return start()" + ".next()".repeat(calls)
                + ";\n    }\n    Chain next() { return this; }\n}\n";
    }

    @Test
    void offsetsStayRightAfterCharactersOutsideTheBasicPlane() {
        Trees.write(root, "emoji.py", "GREETING = \"\uD83D\uDE00 caf\u00e9 \uD83D\uDE80\"\n\n\ndef after():\n    return helper()\n\n\n"
                + "def helper():\n    return GREETING\n");
        CodeGraph graph = Trees.index(root);

        assertThat(def(graph, "after").startLine()).isEqualTo(4);
        assertThat(def(graph, "after").signature()).isEqualTo("def after()");
        assertThat(target(call(graph, def(graph, "after"), "helper"))).contains("emoji.py#helper");
    }

    @Test
    void symbolicLinksAreNotFollowedSoALoopCannotTrapTheWalk() throws IOException {
        Trees.write(root, "src/Real.java", "class Real {}\n");
        Files.createSymbolicLink(root.resolve("src/loop"), root);
        Files.createSymbolicLink(root.resolve("src/Alias.java"), root.resolve("src/Real.java"));
        Path outside = Files.createTempDirectory("codegraph-outside");
        Trees.write(outside, "Secret.java", "class Secret {}\n");
        Files.createSymbolicLink(root.resolve("outside"), outside);

        CodeGraph graph = Trees.index(root);

        assertThat(graph.files()).extracting(SourceFile::path).containsExactly("src/Real.java");
    }

    @Test
    void skipsBuildOutputHiddenDirectoriesAndUnknownExtensions() {
        Trees.write(root, Map.of("target/Gen.java", "class Gen {}", ".git/x.py", "def x(): pass",
                "node_modules/m/index.js", "function m() {}", "notes.txt", "class Text {}", "Main.java", "class Main {}"));
        assertThat(Trees.index(root).files()).extracting(SourceFile::path).containsExactly("Main.java");
    }

    @Test
    void theWalkStopsAtTheFileLimitAndSaysSo() {
        for (int i = 0; i < 5; i++) {
            Trees.write(root, "F" + i + ".java", "class F" + i + " {}\n");
        }
        CodebaseAnalysis analysis = CodeGraphIndexer.builder(root).maxFiles(3).build().update();
        assertThat(analysis.truncated()).isTrue();
        assertThat(analysis.graph().files()).hasSize(3);
    }

    @Test
    void parsesManyFilesInParallelWithTheSameResultAsOneThread() {
        for (int i = 0; i < 40; i++) {
            Trees.write(root, "p/C" + i + ".java", "package p;\nclass C" + i + " { int m" + i + "() { return m"
                    + (i + 1) % 40 + "(); } }\n");
        }
        CodeGraph parallel = CodeGraphIndexer.builder(root).threads(4).build().update().graph();
        CodeGraph single = CodeGraphIndexer.builder(root).threads(1).build().update().graph();

        assertThat(parallel.definitions()).isEqualTo(single.definitions());
        assertThat(parallel.calls()).isEqualTo(single.calls());
        assertThat(parallel.calls()).hasSize(40).allSatisfy(c -> assertThat(c.target()).isPresent());
    }

    @Test
    void aRootThatIsNotADirectoryIsNamed() throws IOException {
        Path file = Files.writeString(root.resolve("file.java"), "class X {}");
        assertThatThrownBy(() -> CodeGraphIndexer.builder(file).build().update())
                .isInstanceOf(OpenEvolveException.class)
                .hasMessage("Cannot index source tree " + file + ": not a directory");
        assertThatThrownBy(() -> CodeGraphIndexer.builder(root.resolve("missing")).build().update())
                .isInstanceOf(OpenEvolveException.class).hasMessageContaining("missing: not a directory");
    }

    @Test
    void invalidSettingsAreRejectedWithTheValue() {
        var builder = CodeGraphIndexer.builder(root);
        assertThatThrownBy(() -> builder.maxFileBytes(0)).hasMessage("maxFileBytes must be at least 1 but was 0");
        assertThatThrownBy(() -> builder.threads(0)).hasMessage("threads must be between 1 and 256 but was 0");
        assertThatThrownBy(() -> builder.maxFiles(-1)).hasMessage("maxFiles must be at least 1 but was -1");
        assertThatThrownBy(() -> builder.parseTimeout(Duration.ZERO)).hasMessage("parseTimeout must be positive but was PT0S");
    }

    /** Moves every file's modification time into the past, as if the tree had been written a while ago. */
    private void settle() throws IOException {
        try (var files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(60)));
            }
        }
    }
}
