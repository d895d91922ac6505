package dev.openevolve.internal.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openevolve.config.PromptConfig;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.Prompt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptSamplerTest {

    private static final String PARENT_CODE = """
            class Rates {
                // EVOLVE-BLOCK-START
                static double rate() { return 0.5; }
                // EVOLVE-BLOCK-END
            }
            """;

    private static Program program(String id, String code, Map<String, Double> metrics, Map<String, String> artifacts,
                                   String changes) {
        return new Program(id, code, "java", null, 2, 5, 0, metrics, artifacts, changes, Instant.EPOCH);
    }

    private static final Program PARENT = program("p1", PARENT_CODE,
            Map.of("combined_score", 0.8125, "speed", 12.5),
            Map.of("stderr", "warning: deprecated call", "profile", "hot loop at line 3"),
            "raised the rate from 0.4 to 0.5");

    private static PromptRequest request(boolean diffMode, List<Program> top, List<Program> inspirations,
                                         List<String> problems) {
        return new PromptRequest(PARENT, top, inspirations, problems, "java", 7, diffMode, 42, "");
    }

    private static PromptConfig config(int top, int diverse, boolean artifacts, int maxArtifactChars, Path dir) {
        return new PromptConfig("You improve programs.", top, diverse, artifacts, maxArtifactChars, dir);
    }

    @Test
    void diffPromptShowsParentCodeMetricsArtifactsHistoryAndTheExactFormat() {
        Prompt prompt = new PromptSampler(PromptConfig.defaults()).build(request(true, List.of(), List.of(), List.of()));

        assertThat(prompt.currentProgram()).isEqualTo(PARENT_CODE);
        assertThat(prompt.seed()).isEqualTo(42);
        assertThat(prompt.system()).isEqualTo(PromptConfig.defaults().systemMessage());
        assertThat(prompt.user())
                .contains("```java\n" + PARENT_CODE + "```")
                .contains("Fitness: 0.8125")
                .contains("- combined_score: 0.8125\n- speed: 12.5")
                .contains("### profile\n```\nhot loop at line 3\n```")
                .contains("### stderr\n```\nwarning: deprecated call\n```")
                .contains("## How the current program was made\nraised the rate from 0.4 to 0.5")
                .contains("<<<<<<< SEARCH\n").contains("\n=======\n").contains("\n>>>>>>> REPLACE\n")
                .contains("Change only the lines between EVOLVE-BLOCK-START and EVOLVE-BLOCK-END (line 3)")
                .doesNotContain("## Best programs so far")
                .doesNotContain("## Problems with the last attempt")
                .doesNotContain("## Codebase context")
                .doesNotContainPattern("\\{[a-z_]+}");
    }

    @Test
    void fullRewritePromptAsksForTheWholeProgram() {
        Prompt prompt = new PromptSampler(PromptConfig.defaults()).build(request(false, List.of(), List.of(), List.of()));

        assertThat(prompt.user())
                .contains("Answer with the complete new program in a single ```java code block")
                .doesNotContain("<<<<<<< SEARCH");
    }

    @Test
    void programWithoutMarkersMayChangeEverywhere() {
        Program plain = program("q", "x = 1\n", Map.of(), Map.of(), "");
        Prompt prompt = new PromptSampler(PromptConfig.defaults())
                .build(new PromptRequest(plain, List.of(), List.of(), List.of(), "python", 0, true, 1, ""));

        assertThat(prompt.user()).contains("The whole program may change.")
                .contains("Fitness: unknown")
                .contains("- (none: the program has not been evaluated successfully)")
                .doesNotContain("## How the current program was made")
                .doesNotContain("## Evaluator output");
    }

    @Test
    void showsPreviousProblemsSoTheModelCanCorrectItself() {
        Prompt prompt = new PromptSampler(PromptConfig.defaults()).build(request(true, List.of(), List.of(), List.of(
                "SEARCH block 2 does not match the program; its first line is: 'double rate = 0.5;'",
                "Rates.java:3: error: ';' expected")));

        assertThat(prompt.user()).contains("## Problems with the last attempt")
                .contains("- SEARCH block 2 does not match the program; its first line is: 'double rate = 0.5;'\n"
                        + "- Rates.java:3: error: ';' expected");
    }

    @Test
    void showsTopProgramsAndInspirationsWithTheirMetricsUpToTheConfiguredCounts() {
        List<Program> top = List.of(
                PARENT,
                program("t1", "int best = 1;", Map.of("combined_score", 0.9), Map.of(), "tuned best"),
                program("t2", "int second = 2;", Map.of("combined_score", 0.85, "speed", 3.0), Map.of(), ""),
                program("t3", "int third = 3;", Map.of("combined_score", 0.84), Map.of(), ""));
        List<Program> inspirations = List.of(
                program("t1", "int best = 1;", Map.of("combined_score", 0.9), Map.of(), "tuned best"),
                program("i1", "int other = 9;", Map.of("combined_score", 0.1), Map.of(), "tried recursion"),
                program("i2", "int more = 8;", Map.of(), Map.of(), ""));

        Prompt prompt = new PromptSampler(config(2, 1, true, 4000, null)).build(request(true, top, inspirations, List.of()));

        assertThat(prompt.user())
                .contains("## Best programs so far")
                .contains("### Top program 1 (id t1, generation 2)\nFitness: 0.9; metrics: combined_score=0.9\n"
                        + "Change that produced it: tuned best\n```java\nint best = 1;\n```")
                .contains("### Top program 2 (id t2, generation 2)\nFitness: 0.85; metrics: combined_score=0.85, speed=3\n"
                        + "Change that produced it: (initial program)")
                .doesNotContain("int third = 3;")
                .contains("## Different approaches for inspiration")
                .contains("### Inspiration 1 (id i1, generation 2)\nFitness: 0.1; metrics: combined_score=0.1\n"
                        + "Change that produced it: tried recursion\n```java\nint other = 9;\n```")
                .doesNotContain("int more = 8;");
        assertThat(prompt.user().indexOf("int best = 1;")).isEqualTo(prompt.user().lastIndexOf("int best = 1;"));
    }

    @Test
    void truncatesLongProgramsOfOthers() {
        String longCode = "int x = 0;\n".repeat(1000);
        Program big = program("big", longCode, Map.of("combined_score", 0.5), Map.of(), "");

        Prompt prompt = new PromptSampler(PromptConfig.defaults()).build(request(true, List.of(big), List.of(), List.of()));

        assertThat(prompt.user()).contains("... [truncated: 637 more lines]");
        assertThat(prompt.user().length()).isLessThan(longCode.length());
    }

    @Test
    void truncatesArtifactsToTheConfiguredBudget() {
        Program parent = program("p", "x = 1\n", Map.of("score", 1.0),
                Map.of("a_log", "A".repeat(30), "b_log", "B".repeat(30), "c_log", "C".repeat(5)), "");
        PromptRequest request = new PromptRequest(parent, List.of(), List.of(), List.of(), "python", 1, true, 1, "");

        Prompt prompt = new PromptSampler(config(3, 2, true, 40, null)).build(request);

        assertThat(prompt.user())
                .contains("### a_log\n```\n" + "A".repeat(30) + "\n```")
                .contains("### b_log\n```\n" + "B".repeat(10) + "\n... [truncated: 20 more characters]\n```")
                .contains("(1 more artifact(s) left out for length: c_log)")
                .doesNotContain("CCCCC");
    }

    @Test
    void leavesArtifactsOutWhenDisabled() {
        Prompt prompt = new PromptSampler(config(3, 2, false, 4000, null)).build(request(true, List.of(), List.of(), List.of()));

        assertThat(prompt.user()).doesNotContain("Evaluator output").doesNotContain("deprecated call");
    }

    @Test
    void showsCodebaseContextWhenGiven() {
        PromptRequest request = new PromptRequest(PARENT, List.of(), List.of(), List.of(), "java", 1, true, 1,
                "src/Main.java: class Main { void run() }");

        assertThat(new PromptSampler(PromptConfig.defaults()).build(request).user())
                .contains("## Codebase context\nsrc/Main.java: class Main { void run() }");
    }

    @Test
    void codeWithBracesIsNeverReadAsPlaceholders() {
        Program braces = program("b", "// EVOLVE-BLOCK-START\nString s = \"{metrics}{{x}}\";\n// EVOLVE-BLOCK-END\n",
                Map.of(), Map.of(), "");
        PromptRequest request = new PromptRequest(braces, List.of(), List.of(), List.of(), "java", 1, true, 1, "");

        assertThat(new PromptSampler(PromptConfig.defaults()).build(request).user())
                .contains("String s = \"{metrics}{{x}}\";");
    }

    @Test
    void templatesInTheTemplateDirectoryOverrideBuiltIns(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("diff_user.txt"), "Improve {{this}} {language} program:\n{parent_code}\n{problems}");
        Files.writeString(dir.resolve("system.txt"), "SYSTEM for {language}: {system_message}");
        Files.writeString(dir.resolve("problems.txt"), "PROBLEMS:\n{problems}\n");

        Prompt prompt = new PromptSampler(config(3, 2, true, 100, dir))
                .build(request(true, List.of(), List.of(), List.of("bad block")));

        assertThat(prompt.user()).isEqualTo("Improve {this} java program:\n" + PARENT_CODE.stripTrailing()
                + "\nPROBLEMS:\n- bad block\n");
        assertThat(prompt.system()).isEqualTo("SYSTEM for java: You improve programs.");
        assertThat(new PromptSampler(config(3, 2, true, 100, dir)).build(request(false, List.of(), List.of(), List.of())).user())
                .contains("Answer with the complete new program");
    }

    @Test
    void badTemplatesAreReportedNamingTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("diff_user.txt"), "Improve {parent_cod} now, fitness {fitness}");
        Files.writeString(dir.resolve("dif_user.txt"), "typo");
        Path diffUser = dir.resolve("diff_user.txt");
        Path typo = dir.resolve("dif_user.txt");

        assertThatThrownBy(() -> new PromptSampler(config(3, 2, true, 100, dir)))
                .isInstanceOfSatisfying(PromptTemplateException.class, e -> assertThat(e.problems()).containsExactly(
                        "unknown prompt template file '" + typo + "'; template names are artifacts.txt, "
                                + "codebase_context.txt, diff_user.txt, evaluation.txt, evaluator_system_message.txt, "
                                + "evolution_history.txt, full_rewrite_user.txt, history.txt, inspiration_program.txt, "
                                + "inspirations.txt, inspirations_section.txt, previous_attempt.txt, problems.txt, "
                                + "program.txt, system.txt, system_message.txt, system_message_changes_description.txt, "
                                + "system_message_with_changes_description.txt, top_program.txt, top_programs.txt, "
                                + "user_message_with_changes_description.txt (another .txt file is used only as the "
                                + "system message that prompt.system_message names)",
                        "prompt template '" + diffUser + "' uses unknown placeholder {parent_cod}; known placeholders are "
                                + "{artifacts}, {codebase_context}, {current_program}, {evolution_history}, "
                                + "{evolve_rule}, {feature_coords}, {feature_dimensions}, {fitness}, {fitness_score}, "
                                + "{history}, {improvement_areas}, {inspirations}, {iteration}, {language}, {metrics}, "
                                + "{parent_code}, {parent_id}, {problems}, {top_programs} (write {{ and }} for literal "
                                + "braces)",
                        "prompt template '" + diffUser + "' lacks the program: it must use one of {current_program} or "
                                + "{parent_code}"));
    }

    @Test
    void aMissingTemplateDirectoryIsReported(@TempDir Path dir) {
        Path missing = dir.resolve("nope");

        assertThatThrownBy(() -> new PromptSampler(config(3, 2, true, 100, missing)))
                .isInstanceOf(PromptTemplateException.class)
                .hasMessage("prompt template directory '" + missing + "' does not exist");
    }

    @Test
    void negativeCountsAreRejected() {
        assertThatThrownBy(() -> new PromptSampler(config(-1, 2, true, 100, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prompt setting numTopPrograms must not be negative but was -1");
    }

    @Test
    void requestRejectsBlankLanguageAndNegativeIteration() {
        assertThatThrownBy(() -> new PromptRequest(PARENT, List.of(), List.of(), List.of(), " ", 1, true, 1, ""))
                .hasMessage("prompt language must not be blank");
        assertThatThrownBy(() -> new PromptRequest(PARENT, List.of(), List.of(), List.of(), "java", -1, true, 1, ""))
                .hasMessage("prompt iteration must not be negative but was -1");
    }

    @Test
    void anOpenEvolveTemplateFolderRendersWithItsPlaceholdersAndFallsBackToBuiltIns(@TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("system_message.txt"), "You write {fast} Java.\n");
        Files.writeString(dir.resolve("diff_user.txt"), "Metrics:\n{metrics}\nFitness {fitness_score}\n"
                + "Areas:\n{improvement_areas}\n{evolution_history}\n```{language}\n{current_program}\n```\n");
        Files.writeString(dir.resolve("top_program.txt"), "TOP {program_number}: {score} [{key_features}]\n");
        Files.writeString(dir.resolve("fragments.json"), "{\"fitness_declined\": \"down {prev:.2f} to {current:.2f}\","
                + " \"some_newer_fragment\": \"ignored\"}");
        Files.writeString(dir.resolve("README.md"), "not a template");
        List<Program> top = List.of(
                program("t1", "int best = 1;", Map.of("combined_score", 0.9), Map.of(), "tuned best"),
                program("t2", "int second = 2;", Map.of("combined_score", 0.85), Map.of(), ""));
        List<Program> inspirations = List.of(program("i1", "int other = 9;", Map.of("combined_score", 0.95),
                Map.of(), "tried recursion"));

        Prompt prompt = new PromptSampler(config(2, 1, true, 4000, dir)).build(request(true, top, inspirations,
                List.of()));

        assertThat(prompt.system()).as("OpenEvolve uses its system message files as written")
                .isEqualTo("You improve programs.");
        assertThat(prompt.user()).startsWith("Metrics:\n- combined_score: 0.8125\n- speed: 12.5\nFitness 0.8125\n")
                .contains("Areas:\n- down 0.85 to 0.81\n## Earlier attempts")
                .contains("## Earlier attempts\n\n### Attempt 2\n- What changed: changes not recorded\n"
                        + "- Scores: combined_score: 0.8500\n- Result: some metrics better, some worse")
                .contains("### Attempt 1\n- What changed: tuned best")
                .contains("## Strongest programs\n\nTOP 1: 0.9000 [Good at combined_score (0.9000)]\n\nTOP 2: 0.8500")
                .contains("## Programs to learn from")
                .contains("### Inspiration 1 (score 0.9500, Strong)\n```java\nint other = 9;\n```\n"
                        + "What sets it apart: high combined_score (0.950)")
                .contains("```java\n" + PARENT_CODE + "```");

        var named = new PromptConfig("system_message", 2, 1, true, 4000, dir);
        assertThat(new PromptSampler(named).build(request(true, top, inspirations, List.of())).system())
                .isEqualTo("You write {fast} Java.");
    }

    @Test
    void openEvolveTemplateProblemsNameTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("top_program.txt"), "{program_number} {snippet}");
        Files.writeString(dir.resolve("fragments.json"), "{\"fitness_stable\": \"still {score}\"}");
        Path top = dir.resolve("top_program.txt");
        Path fragments = dir.resolve("fragments.json");

        assertThatThrownBy(() -> new PromptSampler(config(3, 2, true, 100, dir)))
                .isInstanceOfSatisfying(PromptTemplateException.class, e -> assertThat(e.problems()).containsExactly(
                        "prompt template '" + top + "' uses unknown placeholder {snippet}; known placeholders are "
                                + "{key_features}, {language}, {program_number}, {program_snippet}, {score} (write {{ "
                                + "and }} for literal braces)",
                        "prompt fragment 'fitness_stable' of '" + fragments + "' uses unknown placeholder {score}; it"
                                + " may use {current}"));
    }

    @Test
    void changesDescriptionModeShowsDescriptionsInsteadOfCodeAndAsksToUpdateTheParents() {
        var described = new PromptConfig("You improve programs.", 2, 1, true, 4000, null, true,
                "Keep the description short.", "A plain loop.");
        Program withDescription = program("t1", "int best = 1;", Map.of("combined_score", 0.9),
                Map.of(PromptSampler.CHANGES_DESCRIPTION, "A plain loop.\n- unrolled twice"), "tuned best");

        Prompt prompt = new PromptSampler(described).build(request(true, List.of(withDescription), List.of(),
                List.of()));

        assertThat(prompt.system()).isEqualTo("You improve programs.\n\nKeep the description short.");
        assertThat(prompt.user()).contains("```text\nA plain loop.\n- unrolled twice\n```")
                .doesNotContain("int best = 1;")
                .endsWith("# Changes description of the current program\nUpdate it with its own SEARCH/REPLACE block "
                        + "beside your code changes:\n\n```text\nA plain loop.\n```\n");
        assertThat(new PromptSampler(described.withChangesDescription(true, "", "A plain loop."))
                .build(request(true, List.of(), List.of(), List.of())).system())
                .startsWith("You improve programs.\n\nEvery program here is also described as a list of the changes");
    }
}
