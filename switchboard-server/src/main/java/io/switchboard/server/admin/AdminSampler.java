package io.switchboard.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.hub.RoomSize;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reads the {@link AdminSource} once a second, keeps the last {@value #HISTORY} points (five
 * minutes, so a page opened later draws history at once) and pushes each new point to every open
 * dashboard stream as a server-sent event: {@code history} first, then one {@code sample} a second.
 *
 * <p>Confined to one event loop ({@code executor}): the ticks, the history and the set of streams
 * are only touched there; {@link #subscribe} hands over to it. A stream whose channel is not
 * writable skips a sample rather than queue behind a slow reader.
 */
public final class AdminSampler implements AutoCloseable {
    static final int HISTORY = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdminSource source;
    private final EventExecutor executor;
    private final Clock clock;
    private final ArrayDeque<Point> points = new ArrayDeque<>(HISTORY);
    private final Set<Channel> streams = new LinkedHashSet<>();
    private final ScheduledFuture<?> ticks;
    private Snapshot previous;
    private long previousNanos;
    private List<RoomSize> largestRooms = List.of();

    private AdminSampler(AdminSource source, EventExecutor executor, Clock clock) {
        this.source = source;
        this.executor = executor;
        this.clock = clock;
        this.ticks = executor.scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.SECONDS);
    }

    /** Starts sampling on {@code executor}, the first reading at once. */
    public static AdminSampler start(AdminSource source, EventExecutor executor, Clock clock) {
        return new AdminSampler(source, executor, clock);
    }

    /** Sends the history to a stream whose response head is written, then every new sample until it closes. */
    void subscribe(Channel channel) {
        executor.execute(() -> {
            if (!channel.isActive()) {
                return;
            }
            send(channel, event("history", Map.of("points", List.copyOf(points), "largestRooms", largestRooms)));
            streams.add(channel);
            channel.closeFuture().addListener(f -> executor.execute(() -> streams.remove(channel)));
        });
    }

    private void tick() {
        Snapshot now;
        try {
            now = source.sample();
        } catch (RuntimeException e) {
            // a failing source must not cancel the schedule
            return;
        }
        long nanos = System.nanoTime();
        Point point = Point.between(previous, now, (nanos - previousNanos) / 1e9, clock.millis());
        previous = now;
        previousNanos = nanos;
        largestRooms = now.largestRooms();
        if (points.size() == HISTORY) {
            points.removeFirst();
        }
        points.addLast(point);
        if (streams.isEmpty()) {
            return;
        }
        byte[] frame = event("sample", Map.of("point", point, "largestRooms", largestRooms));
        for (Channel ch : new ArrayList<>(streams)) {
            if (ch.isWritable()) {
                send(ch, frame);
            }
        }
    }

    private static void send(Channel channel, byte[] frame) {
        channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(frame)));
    }

    /** One server-sent event; the JSON has no line breaks, so one {@code data:} line carries it. */
    private static byte[] event(String name, Object data) {
        try {
            return ("event: " + name + "\ndata: " + JSON.writeValueAsString(data) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dashboard figures are plain records", e);
        }
    }

    /** Stops sampling (the schedule also ends with its event loop); open streams end when their channels close. */
    @Override
    public void close() {
        ticks.cancel(false);
    }
}
