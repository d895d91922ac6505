package dev.openevolve.internal.llm;

import dev.openevolve.spi.Completion;
import dev.openevolve.spi.LanguageModel;
import dev.openevolve.spi.ModelException;
import dev.openevolve.spi.Prompt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A weighted ensemble of language models (OpenEvolve's {@code llm.models} with weights). Each call picks
 * one member by a weighted draw seeded from {@link Prompt#seed()}, so a run is repeatable; when that member
 * throws {@link ModelException} the other members are tried by descending weight, and when all fail the call
 * throws a {@link ModelException} listing each member's error. The {@link Completion} returned is the
 * answering member's own, so {@link Completion#model()} names that member.
 *
 * <p>Thread safe: members are called concurrently.
 * Lifecycle: {@link #close()} closes every model given to {@link #of}, dropped ones included.
 */
public final class ModelEnsemble implements LanguageModel {
    private static final Logger LOG = LoggerFactory.getLogger(ModelEnsemble.class);

    private final List<WeightedModel> members;
    private final List<LanguageModel> given;
    private final double totalWeight;
    private final String name;

    private ModelEnsemble(List<WeightedModel> members, List<LanguageModel> given) {
        this.members = members;
        this.given = given;
        this.totalWeight = members.stream().mapToDouble(WeightedModel::weight).sum();
        this.name = members.stream().map(m -> m.model().name()).collect(Collectors.joining(",", "ensemble(", ")"));
    }

    /**
     * An ensemble of {@code members}; members of weight 0 are dropped.
     *
     * @throws IllegalArgumentException when no member of positive weight is left, or two members share a name
     *                                  (negative or NaN weights are already refused by {@link WeightedModel})
     */
    public static ModelEnsemble of(List<WeightedModel> members) {
        Objects.requireNonNull(members, "members");
        List<WeightedModel> kept = new ArrayList<>();
        List<LanguageModel> given = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (WeightedModel m : members) {
            Objects.requireNonNull(m, "ensemble member");
            given.add(m.model());
            if (m.weight() == 0) {
                continue;
            }
            if (!names.add(m.model().name())) {
                throw new IllegalArgumentException("two ensemble members are named '" + m.model().name()
                        + "'; names must be unique so that usage can be counted per member");
            }
            kept.add(m);
        }
        if (kept.isEmpty()) {
            String all = members.stream().map(m -> m.model().name() + "=" + m.weight()).collect(Collectors.joining(", "));
            throw new IllegalArgumentException("an ensemble needs at least one member with a weight above 0 but had "
                    + (all.isEmpty() ? "no member" : all));
        }
        return new ModelEnsemble(List.copyOf(kept), List.copyOf(given));
    }

    /** {@code "ensemble(a,b)"} with the names of the members kept, in the order given. */
    @Override
    public String name() {
        return name;
    }

    /** The members kept (weight above 0), in the order given. */
    public List<WeightedModel> members() {
        return members;
    }

    /**
     * Asks the member drawn for {@code prompt.seed()}, falling back to the others by descending weight.
     *
     * @throws ModelException when every member failed; its message lists each member's error, it is
     *                        retryable when any member's failure was, and the failures are attached as suppressed
     */
    @Override
    public Completion complete(Prompt prompt) {
        Objects.requireNonNull(prompt, "prompt");
        List<ModelException> failures = new ArrayList<>();
        for (WeightedModel member : order(prompt.seed())) {
            LanguageModel model = member.model();
            try {
                return model.complete(prompt);
            } catch (ModelException e) {
                failures.add(e);
                LOG.warn("ensemble member '{}' failed{}: {}", model.name(),
                        failures.size() < members.size() ? ", trying the next member" : "", e.getMessage());
            }
        }
        String detail = failures.stream()
                .map(e -> (e.model().isEmpty() ? "?" : e.model()) + ": " + e.getMessage())
                .collect(Collectors.joining("; "));
        boolean retryable = failures.stream().anyMatch(ModelException::retryable);
        ModelException all = new ModelException(name, 0, retryable,
                "all " + failures.size() + " ensemble members failed: " + detail, failures.get(failures.size() - 1));
        failures.subList(0, failures.size() - 1).forEach(all::addSuppressed);
        throw all;
    }

    /** The drawn member first, then the others by descending weight (ties in the order given). */
    private List<WeightedModel> order(long seed) {
        double draw = new SplittableRandom(seed).nextDouble() * totalWeight;
        WeightedModel first = members.get(members.size() - 1);
        double cumulative = 0;
        for (WeightedModel m : members) {
            cumulative += m.weight();
            if (draw < cumulative) {
                first = m;
                break;
            }
        }
        List<WeightedModel> order = new ArrayList<>(members.size());
        order.add(first);
        WeightedModel chosen = first;
        members.stream()
                .filter(m -> m != chosen)
                .sorted(Comparator.comparingDouble(WeightedModel::weight).reversed())
                .forEach(order::add);
        return order;
    }

    /** Closes every model given to {@link #of}; a failure to close one does not stop the others. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (LanguageModel m : given) {
            try {
                m.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
