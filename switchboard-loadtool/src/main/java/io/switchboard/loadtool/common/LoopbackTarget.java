package io.switchboard.loadtool.common;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * A validated {@code ws://} URL whose host is this machine. The load tool opens thousands of
 * connections at a fixed rate; pointed anywhere else it would be a flood, so anything that is not
 * loopback is refused before a single socket opens. Host names other than {@code localhost} are
 * refused without a DNS lookup (a name could resolve anywhere, and differently next time).
 *
 * <p>Immutable.
 *
 * @param uri the URL, with an explicit path ({@code /} when none was given)
 * @param address the loopback socket address to connect to
 */
public record LoopbackTarget(URI uri, InetSocketAddress address) {

    public static LoopbackTarget parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url, e);
        }
        if (!"ws".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("only ws:// URLs are supported (got " + url + ")");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("URL has no host: " + url);
        }
        InetAddress address = loopbackAddress(host, url);
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        // "ws://host:port" has an empty path; the handshake needs at least "/".
        URI normalized = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? uri.resolve("/") : uri;
        return new LoopbackTarget(normalized, new InetSocketAddress(address, port));
    }

    private static InetAddress loopbackAddress(String host, String url) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            InetAddress address;
            if ("localhost".equalsIgnoreCase(bare)) {
                address = InetAddress.getByName("localhost");
            } else {
                byte[] literal = NetUtil.createByteArrayFromIpAddressString(bare);
                if (literal == null) {
                    throw refused(url, "host '" + host + "' is a name; use 127.0.0.1, [::1] or localhost");
                }
                address = InetAddress.getByAddress(literal);
            }
            if (!address.isLoopbackAddress()) {
                throw refused(url, host + " is not a loopback address");
            }
            return address;
        } catch (UnknownHostException e) {
            throw refused(url, "cannot resolve " + host);
        }
    }

    private static IllegalArgumentException refused(String url, String why) {
        return new IllegalArgumentException("refusing " + url
                + ": the load tool only targets this machine (127.0.0.0/8, [::1], localhost); " + why);
    }
}
