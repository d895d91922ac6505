package dev.openevolve.internal.llm;

import dev.openevolve.internal.diff.DiffResult;
import dev.openevolve.internal.diff.Diffs;
import dev.openevolve.internal.diff.EvolveBlockException;
import dev.openevolve.internal.diff.EvolveBlocks;
import dev.openevolve.internal.diff.EvolveRegion;
import dev.openevolve.spi.Completion;
import dev.openevolve.spi.FinishReason;
import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.Prompt;
import dev.openevolve.spi.TokenUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The offline model: perturbs numeric literals inside the EVOLVE regions of the current program (the
 * whole program when it has no marker) and answers with SEARCH/REPLACE blocks that {@link Diffs#apply}
 * accepts. It never touches comments, string or character literals, identifiers such as {@code x2},
 * hexadecimal, octal or binary literals, and it keeps each literal's syntax (suffixes {@code L f d},
 * underscores, decimal point or exponent, sign).
 *
 * <p>Each answer changes 1 to {@code maxChanges} literals; see {@link #MutationModel(int, double)} for how
 * values move. The SEARCH text of each block is the whole changed line, widened with neighbouring lines of
 * the same region until it is unique in the program; every answer is checked by applying it before it is
 * returned. A program without a literal in its regions gets an explanation without any block.
 *
 * <p>Deterministic: the answer depends only on {@link Prompt#currentProgram()} and {@link Prompt#seed()}.
 * Thread safe and stateless; {@link #close()} does nothing. Completions are free: {@link TokenUsage#NONE},
 * cost 0, {@link FinishReason#STOP}.
 */
public final class MutationModel implements LanguageModel {
    private static final String NAME = "mutation";
    private static final int ATTEMPTS = 12;
    private static final int MULTI_CHANGE_ATTEMPTS = 6;

    private final int maxChanges;
    private final double scale;
    private final LiteralMutator mutator;
    private final boolean fullRewrites;

    /**
     * A model changing 1 to {@code maxChanges} literals per answer.
     *
     * @param maxChanges the most literals changed per answer, at least 1
     * @param scale      the relative size of a change, finite and positive: doubles are multiplied by
     *                   {@code exp(scale·N(0,1))} (one draw in four they take an additive step of the same
     *                   relative size, so zero can be crossed), integers move by about {@code |v|·scale}, at least 1
     * @throws IllegalArgumentException naming the argument and value when out of range
     */
    public MutationModel(int maxChanges, double scale) {
        this(maxChanges, scale, false);
    }

    private MutationModel(int maxChanges, double scale, boolean fullRewrites) {
        if (maxChanges < 1) {
            throw new IllegalArgumentException("maxChanges must be at least 1 but was " + maxChanges);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number greater than 0 but was " + scale);
        }
        this.maxChanges = maxChanges;
        this.scale = scale;
        this.mutator = new LiteralMutator(scale);
        this.fullRewrites = fullRewrites;
    }

    /**
     * This model answering full rewrites ({@code diff_based_evolution: false}): the whole changed program in one
     * fenced code block after the list of changes, instead of SEARCH/REPLACE blocks.
     */
    public MutationModel withFullRewrites() {
        return new MutationModel(maxChanges, scale, true);
    }

    /** Whether answers are full rewrites rather than diffs. */
    public boolean fullRewrites() {
        return fullRewrites;
    }

    /** The model with the defaults: at most 3 changes per answer, scale 0.25. */
    public static MutationModel defaults() {
        return new MutationModel(3, 0.25);
    }

    /** The most literals changed per answer. */
    public int maxChanges() {
        return maxChanges;
    }

    /** The relative size of a change. */
    public double scale() {
        return scale;
    }

    /** Always {@code "mutation"}. */
    @Override
    public String name() {
        return NAME;
    }

    /** Answers with diff blocks perturbing literals of {@code prompt.currentProgram()}, or explains why it cannot. */
    @Override
    public Completion complete(Prompt prompt) {
        Objects.requireNonNull(prompt, "prompt");
        String code = prompt.currentProgram().replace("\r\n", "\n");
        List<String> lines = List.of(code.split("\n", -1));
        List<EvolveRegion> regions;
        try {
            regions = EvolveBlocks.find(code);
        } catch (EvolveBlockException e) {
            return answer("The mutation model cannot change this program: its EVOLVE-BLOCK markers are malformed ("
                    + e.getMessage() + "). No change is proposed.");
        }
        List<NumericLiteral> candidates = LiteralScanner.scan(code).stream()
                .filter(l -> regions.isEmpty() || regions.stream().anyMatch(r -> r.isEditable(l.line())))
                .collect(Collectors.toList());
        if (candidates.isEmpty()) {
            String where = regions.isEmpty() ? "in the program" : "inside its EVOLVE-BLOCK regions ("
                    + EvolveBlocks.describe(regions) + ")";
            return answer("The mutation model found no numeric literal " + where
                    + " outside comments and strings, so it proposes no change.");
        }
        RandomGenerator rng = new SplittableRandom(prompt.seed() * 0x9E3779B97F4A7C15L + code.hashCode());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int most = attempt < MULTI_CHANGE_ATTEMPTS ? Math.min(maxChanges, candidates.size()) : 1;
            Optional<String> text = attempt(code, lines, regions, pick(candidates, 1 + rng.nextInt(most), rng), rng);
            if (text.isPresent()) {
                return answer(fullRewrites ? rewrite(code, text.get()) : text.get());
            }
        }
        return answer("The mutation model could not write a diff that applies cleanly to this program, "
                + "so it proposes no change.");
    }

    private Optional<String> attempt(String code, List<String> lines, List<EvolveRegion> regions,
                                     List<NumericLiteral> chosen, RandomGenerator rng) {
        List<String> notes = new ArrayList<>();
        StringBuilder mutated = new StringBuilder(code);
        TreeSet<Integer> changedLines = new TreeSet<>();
        for (int i = chosen.size() - 1; i >= 0; i--) {
            NumericLiteral literal = chosen.get(i);
            Optional<String> next = mutator.mutate(literal, rng);
            if (next.isPresent()) {
                mutated.replace(literal.start(), literal.end(), next.get());
                changedLines.add(literal.line());
                notes.add(0, "- line " + literal.line() + ": " + code.substring(literal.start(), literal.end())
                        + " -> " + next.get());
            }
        }
        if (changedLines.isEmpty()) {
            return Optional.empty();
        }
        String result = mutated.toString();
        List<String> newLines = List.of(result.split("\n", -1));
        StringBuilder answer = new StringBuilder("Perturbed ").append(notes.size())
                .append(notes.size() == 1 ? " numeric constant:\n" : " numeric constants:\n");
        notes.forEach(n -> answer.append(n).append('\n'));
        for (int[] w : windows(lines, regions, changedLines)) {
            answer.append("\n<<<<<<< SEARCH\n")
                    .append(String.join("\n", lines.subList(w[0] - 1, w[1])))
                    .append("\n=======\n")
                    .append(String.join("\n", newLines.subList(w[0] - 1, w[1])))
                    .append("\n>>>>>>> REPLACE\n");
        }
        DiffResult check = Diffs.apply(code, Diffs.parse(answer.toString()));
        return check.problems().isEmpty() && check.code().equals(result) ? Optional.of(answer.toString()) : Optional.empty();
    }

    /** The changed program in one fenced block, after the notes of a checked diff answer. */
    private static String rewrite(String code, String diffAnswer) {
        String notes = diffAnswer.substring(0, diffAnswer.indexOf("\n<<<<<<< SEARCH"));
        String program = Diffs.apply(code, Diffs.parse(diffAnswer)).code();
        return notes + "\n```\n" + program + (program.endsWith("\n") ? "" : "\n") + "```\n";
    }

    /** Line windows (1-based, inclusive) around the changed lines, each unique in the program where possible. */
    private static List<int[]> windows(List<String> lines, List<EvolveRegion> regions, TreeSet<Integer> changed) {
        List<int[]> windows = new ArrayList<>();
        for (int line : changed) {
            int lo = 1;
            int hi = lines.size();
            for (EvolveRegion r : regions) {
                if (r.isEditable(line)) {
                    lo = r.firstEditableLine();
                    hi = r.lastEditableLine();
                }
            }
            int a = line;
            int b = line;
            boolean up = true;
            while (!unique(lines, a, b) && (a > lo || b < hi)) {
                if ((up && a > lo) || b >= hi) {
                    a--;
                } else {
                    b++;
                }
                up = !up;
            }
            int[] last = windows.isEmpty() ? null : windows.get(windows.size() - 1);
            if (last != null && a <= last[1] + 1) {
                last[1] = Math.max(last[1], b);
            } else {
                windows.add(new int[] {a, b});
            }
        }
        return windows;
    }

    private static boolean unique(List<String> lines, int a, int b) {
        List<String> window = lines.subList(a - 1, b);
        int count = 0;
        for (int i = 0; i + window.size() <= lines.size() && count < 2; i++) {
            if (lines.subList(i, i + window.size()).equals(window)) {
                count++;
            }
        }
        return count == 1;
    }

    /** {@code k} distinct candidates in program order. */
    private static List<NumericLiteral> pick(List<NumericLiteral> candidates, int k, RandomGenerator rng) {
        int[] idx = new int[candidates.size()];
        Arrays.setAll(idx, i -> i);
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] picked = Arrays.copyOf(idx, k);
        Arrays.sort(picked);
        return Arrays.stream(picked).mapToObj(candidates::get).collect(Collectors.toList());
    }

    private static Completion answer(String text) {
        return new Completion(text, NAME, FinishReason.STOP, TokenUsage.NONE, 0);
    }

    @Override
    public String toString() {
        return "MutationModel[maxChanges=" + maxChanges + ", scale=" + scale + (fullRewrites ? ", full rewrites" : "")
                + "]";
    }
}
