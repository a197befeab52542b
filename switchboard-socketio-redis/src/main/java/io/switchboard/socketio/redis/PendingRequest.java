package io.switchboard.socketio.redis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A request this node sent to the others, waiting for one reply per expected node. It completes
 * when every expected node replied or when {@link #expire} is called at the timeout, whichever is
 * first; a reply from a node that was not expected (one that joined since the registry was read)
 * is kept too.
 *
 * <p>Thread-safe: replies arrive on a Lettuce thread, the timeout on the link's scheduler.
 */
final class PendingRequest {
    /** What the other nodes answered, and who did not. */
    record Outcome(Map<String, JsonNode> replies, Set<String> missing) {}

    private final Set<String> expected;
    /** Node → its reply; guarded by this. */
    private final Map<String, JsonNode> replies = new LinkedHashMap<>();

    private final CompletableFuture<Outcome> done = new CompletableFuture<>();

    PendingRequest(Set<String> expected) {
        this.expected = Set.copyOf(expected);
        if (expected.isEmpty()) {
            done.complete(new Outcome(Map.of(), Set.of()));
        }
    }

    CompletableFuture<Outcome> done() {
        return done;
    }

    synchronized void reply(String node, JsonNode value) {
        if (done.isDone()) {
            return;
        }
        replies.put(node, value);
        if (replies.keySet().containsAll(expected)) {
            finish();
        }
    }

    synchronized void expire() {
        if (!done.isDone()) {
            finish();
        }
    }

    private void finish() {
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(replies.keySet());
        done.complete(new Outcome(Map.copyOf(replies), Set.copyOf(missing)));
    }
}
