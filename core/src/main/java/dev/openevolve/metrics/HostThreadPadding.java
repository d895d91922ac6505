package dev.openevolve.metrics;

/**
 * Sixty-four bytes ahead of the fields of an object that one host thread writes on every sampled record (its
 * handle, its thread state, its segment). HotSpot lays out a superclass's fields first, so no other such object —
 * which a garbage collection may move right next to this one — shares a cache line with these fields: two host
 * threads recording at once would otherwise take that line from each other's core on every record.
 */
@SuppressWarnings("unused") // the fields are the padding
abstract class HostThreadPadding {
    private long p0;
    private long p1;
    private long p2;
    private long p3;
    private long p4;
    private long p5;
    private long p6;
    private long p7;
}
