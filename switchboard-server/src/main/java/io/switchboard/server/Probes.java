package io.switchboard.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.group.ChannelGroup;
import io.switchboard.hub.Hub;
import io.switchboard.server.probe.LoopProbe;
import io.switchboard.server.probe.ProbeAnswer;
import io.switchboard.server.probe.Readiness;
import java.util.concurrent.CompletableFuture;

/**
 * The answers of the probe endpoints: {@code /readyz} ({@link Readiness}) and {@code /healthz} with its
 * alias {@code /livez} (every event loop answers, see {@link LoopProbe}; the version and a few counts).
 *
 * <p>Thread-safe.
 */
final class Probes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Readiness readiness;
    private final LoopProbe loops;
    private final Hub hub;
    private final ChannelGroup webSockets;

    Probes(Readiness readiness, LoopProbe loops, Hub hub, ChannelGroup webSockets) {
        this.readiness = readiness;
        this.loops = loops;
        this.hub = hub;
        this.webSockets = webSockets;
    }

    CompletableFuture<ProbeAnswer> ready() {
        return readiness.evaluate();
    }

    /** {@code {"status":"ok"|"unhealthy","version","commit","sessions","rooms","webSockets","eventLoops":{…}}}. */
    CompletableFuture<ProbeAnswer> live() {
        return loops.check().thenApply(r -> {
            ObjectNode root = JSON.createObjectNode();
            root.put("status", r.ok() ? "ok" : "unhealthy");
            root.put("version", BuildInfo.version());
            root.put("commit", BuildInfo.commit());
            root.put("sessions", hub.sessionCount());
            root.put("rooms", hub.roomCount());
            root.put("webSockets", webSockets.size());
            ObjectNode el = root.putObject("eventLoops");
            el.put("count", r.loops());
            el.put("blocked", r.blocked());
            el.put("slowestMs", r.slowestMillis());
            return new ProbeAnswer(r.ok(), root.toString());
        });
    }
}
