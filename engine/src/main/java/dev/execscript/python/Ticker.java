package dev.execscript.python;

/**
 * A source of nanosecond time for deadlines, so that tests move time by hand instead of sleeping (as
 * Caffeine's {@code Ticker}). Only differences between two readings mean anything.
 */
@FunctionalInterface
interface Ticker {

    /** The JVM's monotonic clock. */
    Ticker SYSTEM = System::nanoTime;

    long read();
}
