package io.switchboard.loadtool;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends one rate step's {@code send} commands at their scheduled times, round-robin over the
 * clients, each into the room that client joined, whatever the server answers: open loop. Each
 * client id carries its due time, not the time it left, so a late sender shows up as latency.
 *
 * <p>Thread-confined: {@link #run} runs on the calling thread; Netty hands each write to its
 * channel's event loop.
 */
final class StoreSender {

  /** What the sender did; {@code skipped} messages were due on a client that had closed. */
  record Outcome(long measuredSent, long skipped, double maxLagMillis) { }

  private final RunPlan plan;
  private final List<Channel> clients;
  private final List<String> rooms;
  private final int textChars;
  private final Runnable onMeasurementStart;

  /**
   * @param rooms the room of each client, same order
   * @param onMeasurementStart runs when the first measured message is due, just before it is sent
   */
  StoreSender(RunPlan plan, List<Channel> clients, List<String> rooms, int textChars, Runnable onMeasurementStart) {
    if (clients.isEmpty() || clients.size() != rooms.size()) {
      throw new IllegalArgumentException("one room per client, at least one client");
    }
    this.plan = plan;
    this.clients = clients;
    this.rooms = rooms;
    this.textChars = textChars;
    this.onMeasurementStart = onMeasurementStart;
  }

  Outcome run() throws InterruptedException {
    // Start slightly in the future so the first due times are not already late.
    long start = System.nanoTime() + 20_000_000L;
    long measuredSent = 0;
    long skipped = 0;
    long maxLag = 0;
    for (long seq = 0; seq < plan.totalMessages(); seq++) {
      long due = start + plan.dueAfterStartNanos(seq);
      waitUntil(due);
      if (seq == plan.warmupMessages()) {
        onMeasurementStart.run();
      }
      maxLag = Math.max(maxLag, System.nanoTime() - due);
      int index = (int) (seq % clients.size());
      Channel channel = clients.get(index);
      if (!channel.isActive()) {
        skipped++;
        continue;
      }
      StoreClientId id = new StoreClientId(plan.runId(), seq, due - plan.epochNanos());
      byte[] command = StoreFrames.send(rooms.get(index), id, textChars);
      channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(command)), channel.voidPromise());
      if (plan.isMeasured(seq)) {
        measuredSent++;
      }
    }
    return new Outcome(measuredSent, skipped, maxLag / 1e6);
  }

  private static void waitUntil(long dueNanos) throws InterruptedException {
    for (long left = dueNanos - System.nanoTime(); left > 0; left = dueNanos - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        throw new InterruptedException("sender interrupted");
      }
    }
  }
}
