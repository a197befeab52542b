package io.switchboard.transport;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.switchboard.chat.AddressRate;
import java.net.InetAddress;

/**
 * The per-address command limit as a connection sees it: the server's {@link AddressRate} and the
 * connection's peer address, attached to the channel when it is accepted, so every transport on
 * it (a WebSocket endpoint, an HTTP post) charges the same address without being handed the limit.
 *
 * <p>Immutable; thread-safe.
 */
public record AddressBudget(AddressRate rate, InetAddress address) {
    private static final AttributeKey<AddressBudget> KEY = AttributeKey.valueOf(AddressBudget.class, "budget");

    /** Gives {@code channel} this budget; called once, when the connection is accepted. */
    public static void attach(Channel channel, AddressRate rate, InetAddress address) {
        channel.attr(KEY).set(new AddressBudget(rate, address));
    }

    /**
     * Takes one command's token for the channel's address; true when the channel has no budget (a
     * channel the server did not accept, as in a handler test).
     */
    public static boolean tryAcquire(Channel channel, long nowNanos) {
        AddressBudget budget = channel.attr(KEY).get();
        return budget == null || budget.rate.tryAcquire(budget.address, nowNanos);
    }
}
