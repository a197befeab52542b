package io.switchboard.hub;

/**
 * Time the storage thread spent storing batches of appends since start, and how many batches: the
 * sum and count of a histogram, so a reader takes two readings and divides the differences.
 */
public record StorageTimes(long appendNanos, long appendBatches) {}
