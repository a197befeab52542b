package io.switchboard.server.admin;

import io.switchboard.hub.RoomSize;
import java.util.List;
import java.util.Map;

/**
 * One reading of the server's figures. Counters are totals since start (the sampler turns them into
 * rates); a {@code null} figure is one the source cannot tell, which the page shows as "—".
 *
 * @param connections open connections by transport label, in display order
 * @param messagesReceived messages accepted from clients, total
 * @param deliveries messages handed to recipients, total
 * @param storageAppendSeconds time spent storing appends, total (a histogram's sum)
 * @param storageAppends stores of appends, total (that histogram's count)
 * @param storageQueueDepth storage tasks waiting
 * @param rooms rooms with at least one member on this node
 * @param largestRooms the largest of them, largest first
 * @param slowConsumerCloses connections closed as slow consumers, total
 * @param rateLimitCloses commands refused by the rate limit, total (the limit refuses, it does not close)
 */
public record Snapshot(
        Map<String, Long> connections,
        Long messagesReceived,
        Long deliveries,
        Double storageAppendSeconds,
        Long storageAppends,
        Long storageQueueDepth,
        long rooms,
        List<RoomSize> largestRooms,
        Long slowConsumerCloses,
        Long rateLimitCloses) {}
