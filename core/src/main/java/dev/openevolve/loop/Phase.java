package dev.openevolve.loop;

/**
 * The rollout phases of the continuous-learning loop; each phase includes the ones before it.
 */
public enum Phase {
    /** 1: samples are recorded, nothing is analysed. */
    METRICS_ONLY(1),
    /** 2: samples are analysed into patterns and suggestions; people decide on them. */
    SUGGESTIONS(2),
    /** 3: the loop evolves code for hot spots; a person approves before anything is deployed. */
    MANUAL_APPROVAL(3),
    /** 4: the loop approves and deploys its own improvements and watches them. */
    AUTONOMOUS(4);

    private final int number;

    Phase(int number) {
        this.number = number;
    }

    /** 1 to 4. */
    public int number() {
        return number;
    }

    /** Whether this phase includes {@code other}. */
    public boolean includes(Phase other) {
        return number >= other.number;
    }

    /**
     * The phase numbered {@code number}.
     *
     * @throws IllegalArgumentException when {@code number} is not 1 to 4
     */
    public static Phase of(int number) {
        for (Phase p : values()) {
            if (p.number == number) {
                return p;
            }
        }
        throw new IllegalArgumentException("phase must be 1, 2, 3 or 4 but was " + number);
    }
}
