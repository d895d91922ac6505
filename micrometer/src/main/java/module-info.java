/**
 * The optional Micrometer bridge: a {@code MeterBinder} exposing the metrics sampler's and the evolution
 * loop's counters to a host's {@code MeterRegistry}. Exports only {@code dev.openevolve.micrometer}.
 */
// micrometer-core publishes an Automatic-Module-Name only; hosts bind its MeterRegistry, hence transitive
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.openevolve.micrometer {
    requires transitive dev.openevolve.core;
    // micrometer-core publishes no module descriptor; this is its Automatic-Module-Name
    requires transitive micrometer.core;

    exports dev.openevolve.micrometer;
}
