package dev.openevolve;

import dev.openevolve.internal.SplitMix;
import dev.openevolve.spi.Completion;
import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.Program;
import dev.openevolve.spi.Prompt;
import dev.openevolve.spi.TokenUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Novelty rejection after OpenEvolve's: a candidate whose code is at least {@code threshold} similar to a program of
 * its island is not added to the program database, unless a judge model, asked as OpenEvolve asks its
 * {@code novelty_llm}, calls it novel. OpenEvolve measures similarity as the cosine of code embeddings; here it is
 * the Jaccard similarity of the two codes' sets of token trigrams (identifiers, numbers and symbols; white space
 * ignored), exact and deterministic, so it works offline. A judge answer that says neither NOVEL nor NOT_NOVEL, or a
 * failed judge call, counts as novel (as in OpenEvolve). Used on the run's coordinating thread only; not thread safe.
 */
final class NoveltyFilter {
    private static final Logger log = LoggerFactory.getLogger(NoveltyFilter.class);
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*|\\d+(?:\\.\\d+)?|\\S");
    private static final Pattern VERDICT = Pattern.compile("NOT[ _-]?NOVEL|NOVEL");
    private static final int SHINGLE = 3;
    private static final int CACHED = 2048;
    private static final String JUDGE_SYSTEM = """
            You decide whether a proposed program differs meaningfully from an existing one. Meaningful differences \
            are another algorithm, data structure or control flow, new capabilities, or parameter values that change \
            how the program behaves. Renamed variables, formatting, comments and refactoring that keeps the logic are \
            not meaningful. Answer NOVEL or NOT_NOVEL on the first line, then say why in one sentence.""";

    private final double threshold;
    private final LanguageModel judge;
    private final Map<String, long[]> shingles = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > CACHED;
        }
    };

    /**
     * @param threshold the similarity in (0, 1] from which a candidate counts as a near copy
     * @param judge     the model asked about near copies, or {@code null} to reject them outright
     */
    NoveltyFilter(double threshold, LanguageModel judge) {
        this.threshold = threshold;
        this.judge = judge;
    }

    /**
     * The verdict on {@code candidate} against the members of its island.
     *
     * @param seed the judge call's seed
     */
    Verdict check(Program candidate, List<Program> island, long seed) {
        long[] mine = shinglesOf(candidate);
        Program closest = null;
        double best = -1;
        for (Program other : island) {
            if (other.id().equals(candidate.id())) {
                continue;
            }
            double similarity = jaccard(mine, shinglesOf(other));
            if (similarity >= threshold && similarity > best) {
                best = similarity;
                closest = other;
            }
        }
        if (closest == null) {
            return Verdict.NOVEL;
        }
        String similar = String.format(Locale.ROOT, "the candidate of iteration %d was not added: its code is %.3f"
                + " similar to %s on island %d (novelty similarity_threshold %s)", candidate.iteration(), best,
                closest.id(), candidate.island(), threshold);
        if (judge == null) {
            return new Verdict(similar + "; propose a substantially different change", TokenUsage.NONE, 0);
        }
        Completion answer;
        try {
            answer = judge.complete(new Prompt(JUDGE_SYSTEM, judgePrompt(closest, candidate), candidate.code(), seed));
        } catch (RuntimeException e) {
            log.warn("novelty judge failed on the candidate of iteration {}; it counts as novel: {}",
                    candidate.iteration(), e.getMessage());
            return Verdict.NOVEL;
        }
        Matcher m = VERDICT.matcher(answer.text().toUpperCase(Locale.ROOT));
        boolean notNovel = m.find() && m.group().startsWith("NOT");
        return new Verdict(notNovel ? similar + ", and the novelty judge " + judge.name() + " calls it not novel: "
                + Text.head(Text.firstLine(answer.text().strip()), 200) : null, answer.usage(), answer.costUsd());
    }

    private static String judgePrompt(Program existing, Program proposed) {
        return "Existing program:\n```" + proposed.language() + "\n" + existing.code().stripTrailing()
                + "\n```\n\nProposed program:\n```" + proposed.language() + "\n" + proposed.code().stripTrailing()
                + "\n```\n\nIs the proposed program meaningfully different from the existing one? Answer NOVEL or"
                + " NOT_NOVEL.";
    }

    private long[] shinglesOf(Program p) {
        long[] cached = shingles.get(p.id());
        if (cached == null) {
            cached = shingles(p.code());
            shingles.put(p.id(), cached);
        }
        return cached;
    }

    /** The sorted distinct hashes of {@code code}'s token trigrams (a shorter code: of its whole token list). */
    static long[] shingles(String code) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(code);
        while (m.find()) {
            tokens.add(m.group());
        }
        int windows = Math.max(1, tokens.size() - SHINGLE + 1);
        long[] hashes = new long[tokens.isEmpty() ? 0 : windows];
        for (int i = 0; i < hashes.length; i++) {
            long h = SplitMix.GAMMA;
            for (int j = i; j < Math.min(tokens.size(), i + SHINGLE); j++) {
                h = SplitMix.mix(h ^ tokens.get(j).hashCode()) + j - i;
            }
            hashes[i] = h;
        }
        return Arrays.stream(hashes).sorted().distinct().toArray();
    }

    /** |a ∩ b| / |a ∪ b| of two sorted distinct arrays; two empty sets are identical. */
    static double jaccard(long[] a, long[] b) {
        if (a.length == 0 && b.length == 0) {
            return 1;
        }
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return (double) common / (a.length + b.length - common);
    }

    /**
     * The outcome for one candidate.
     *
     * @param rejection why it is not added, or {@code null} when it is novel
     * @param usage     the judge call's tokens
     * @param costUsd   the judge call's cost
     */
    record Verdict(String rejection, TokenUsage usage, double costUsd) {
        static final Verdict NOVEL = new Verdict(null, TokenUsage.NONE, 0);

        Optional<String> rejected() {
            return Optional.ofNullable(rejection);
        }
    }
}
