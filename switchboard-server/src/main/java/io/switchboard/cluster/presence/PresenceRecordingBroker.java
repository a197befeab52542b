package io.switchboard.cluster.presence;

import io.switchboard.cluster.Broker;
import io.switchboard.model.HubEvent;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A {@link Broker} that also records this node's presence changes in Redis: the hub publishes only
 * what happens on this node, so every join, rename and leave it publishes is one of ours. Every call,
 * {@code publish} included, goes on to the wrapped broker unchanged.
 *
 * <p>A dynamic proxy rather than a class implementing {@link Broker}: the broker interface grows
 * default methods (room interest, gap checks, health) that a hand-written decorator would silently
 * answer with the default instead of passing them on. Thread-safe as the wrapped broker.
 */
final class PresenceRecordingBroker implements InvocationHandler {
    private final Broker inner;
    private final ClusterPresence presence;

    private PresenceRecordingBroker(Broker inner, ClusterPresence presence) {
        this.inner = inner;
        this.presence = presence;
    }

    static Broker wrap(Broker inner, ClusterPresence presence) {
        return (Broker) Proxy.newProxyInstance(
                Broker.class.getClassLoader(),
                new Class<?>[] {Broker.class},
                new PresenceRecordingBroker(inner, presence));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("publish")
                && args != null
                && args.length == 1
                && args[0] instanceof HubEvent.PresenceChanged change) {
            presence.recordLocal(change);
        }
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "presence-recording " + inner;
            };
        }
        try {
            return method.invoke(inner, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
