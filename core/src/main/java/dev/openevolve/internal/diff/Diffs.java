package dev.openevolve.internal.diff;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and applies model answers: {@code <<<<<<< SEARCH / ======= / >>>>>>> REPLACE} diff blocks and
 * full rewrites, enforcing EVOLVE regions. Unlike Python OpenEvolve, a block that does not match or that
 * would change text outside the regions is never skipped silently: it is reported with its number and
 * the reason, and the other blocks still apply. Stateless and thread safe.
 */
public final class Diffs {
    private Diffs() {
    }

    /**
     * Every SEARCH/REPLACE block in a model answer, in order. Tolerates prose and code fences around the
     * blocks, CRLF line breaks, and marker lines with surrounding spaces; malformed or unterminated blocks
     * are left out.
     */
    public static List<SearchReplace> parse(String modelAnswer) {
        Objects.requireNonNull(modelAnswer, "modelAnswer");
        return DiffParser.parse(modelAnswer).blocks();
    }

    /**
     * Applies {@code blocks} in order to {@code original}. Each SEARCH text is looked for as whole lines,
     * then as whole lines ignoring trailing white space, then as a fragment of a line; the first occurrence
     * inside an EVOLVE region is replaced. A block is rejected, with a problem message, when its SEARCH text
     * does not occur, when (the program having EVOLVE-BLOCK-START/END markers) no occurrence lies entirely
     * inside one region, when it contains or would add a marker, or when it changes nothing; the other blocks
     * still apply. A program without markers is evolvable everywhere; one with malformed markers accepts no
     * block. CRLF programs keep their line breaks.
     */
    public static DiffResult apply(String original, List<SearchReplace> blocks) {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(blocks, "blocks");
        return DiffApplier.apply(original, List.copyOf(blocks));
    }

    /**
     * The code of a full rewrite in a model answer: the last complete fenced block tagged with
     * {@code language} (aliases such as {@code py} count), else the last untagged one, else the last of any
     * tag; without any fence, the whole answer when it reads as code. Empty when there is none, and for an
     * answer holding diff blocks. Line breaks are normalised to LF and the code ends with one.
     */
    public static Optional<String> extractRewrite(String modelAnswer, String language) {
        Objects.requireNonNull(modelAnswer, "modelAnswer");
        Objects.requireNonNull(language, "language");
        return RewriteExtractor.extract(modelAnswer, language);
    }

    /**
     * For full rewrites: one problem per fixed stretch (before, between and after the EVOLVE regions of
     * {@code original}, marker lines included) that {@code rewritten} changed, naming the first changed line;
     * or a single problem when the rewrite lost, added or broke markers. Trailing white space and blank
     * lines at the end are ignored. Empty list = acceptable; a program without markers accepts any rewrite.
     */
    public static List<String> checkRewrite(String original, String rewritten) {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(rewritten, "rewritten");
        return RewriteChecker.check(original, rewritten);
    }
}
