package io.switchboard.socketio;

import java.util.Set;

/**
 * What a cross-node operation answered: its value, gathered from the nodes that answered, and
 * which nodes answered and which did not within the timeout. An operation of the {@link Adapter}
 * never completes exceptionally for a silent node; it reports it in {@link #missing} instead, so
 * the caller decides whether a partial answer is good enough. Immutable.
 *
 * <p>Nodes are named by {@link Adapter#nodeId()}; a single node ({@link InMemoryAdapter}) answers
 * {@code responded = [its own id]}, {@code missing = []}.
 *
 * @param value     what the nodes that responded answered (a count, sockets, acknowledgements)
 * @param responded the nodes whose answer is in {@code value}, this node included
 * @param missing   the nodes known to be alive that did not answer within the timeout
 */
public record ClusterResult<T>(T value, Set<String> responded, Set<String> missing) {
    public ClusterResult {
        responded = Set.copyOf(responded);
        missing = Set.copyOf(missing);
    }

    /** The answer of a single node. */
    public static <T> ClusterResult<T> of(String node, T value) {
        return new ClusterResult<>(value, Set.of(node), Set.of());
    }

    /** True when every node expected to answer did. */
    public boolean complete() {
        return missing.isEmpty();
    }
}
