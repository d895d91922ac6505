package dev.openevolve.spi;

/**
 * A {@link Store} passing every part on to a real store, for tests that replace one part (to crash, stall or
 * count); {@link #close()} does not close the delegate.
 */
public class ForwardingStore implements Store {
    private final Store delegate;

    public ForwardingStore(Store delegate) {
        this.delegate = delegate;
    }

    /** The real store. */
    protected final Store delegate() {
        return delegate;
    }

    @Override
    public ProgramStore programs() {
        return delegate.programs();
    }

    @Override
    public MetricsStore metrics() {
        return delegate.metrics();
    }

    @Override
    public PatternStore patterns() {
        return delegate.patterns();
    }

    @Override
    public SuggestionStore suggestions() {
        return delegate.suggestions();
    }

    @Override
    public EventStore events() {
        return delegate.events();
    }

    @Override
    public RolloutStore rollout() {
        return delegate.rollout();
    }

    @Override
    public AuditStore audit() {
        return delegate.audit();
    }

    @Override
    public void close() {
    }
}
