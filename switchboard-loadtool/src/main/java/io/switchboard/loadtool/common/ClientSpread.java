package io.switchboard.loadtool.common;

import java.util.List;

/**
 * How the clients of one run are spread over several servers (the nodes of a cluster) and which
 * of them send: client {@code i} connects to server {@code i % n}, so the servers' shares differ by
 * at most one; every client receives, and the senders are either every client or the first
 * {@code k} clients of the first server, so a run can offer all its messages on one node and
 * measure how they reach the others.
 *
 * <p>Thread-safe: stateless.
 */
public final class ClientSpread {

    private ClientSpread() {}

    /** The server (index into the targets) client {@code client} connects to. */
    public static int targetOf(int client, int targets) {
        if (client < 0 || targets < 1) {
            throw new IllegalArgumentException("client must be ≥ 0 and targets ≥ 1");
        }
        return client % targets;
    }

    /** How many of {@code clients} clients each of {@code targets} servers gets. */
    public static int[] counts(int clients, int targets) {
        int[] counts = new int[targets];
        for (int i = 0; i < clients; i++) {
            counts[targetOf(i, targets)]++;
        }
        return counts;
    }

    /**
     * The clients that send.
     *
     * @param all every open client
     * @param onFirstTarget the open clients of the first server, in the order they opened
     * @param senders 0 for every client, else how many clients of the first server send
     * @throws IllegalStateException when the first server has fewer open clients than {@code senders}
     */
    public static <T> List<T> senders(List<T> all, List<T> onFirstTarget, int senders) {
        if (senders < 0) {
            throw new IllegalArgumentException("senders must not be negative");
        }
        if (senders == 0) {
            return all;
        }
        if (onFirstTarget.size() < senders) {
            throw new IllegalStateException("only " + onFirstTarget.size() + " clients are open on the first server, "
                    + senders + " senders were asked for");
        }
        return List.copyOf(onFirstTarget.subList(0, senders));
    }
}
