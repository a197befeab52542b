/**
 * The tutorial chat's wire format of the seed WebSocket endpoint at {@code /}: {@code {"text",
 * "timestamp"}} per frame, {@code "me: "} or {@code "other: "} before the text ({@link
 * SeedEncoder}).
 *
 * <p>A pure codec, kept so the tutorial's clients and the load tool's seed runs talk to
 * Switchboard unchanged.
 */
package io.switchboard.protocol.seed;
