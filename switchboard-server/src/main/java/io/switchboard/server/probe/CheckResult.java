package io.switchboard.server.probe;

/**
 * The state of one {@link ReadinessCheck}: ok or not, how long it took in milliseconds (negative
 * when the check measures no round trip), and why it failed ({@code null} when ok).
 */
public record CheckResult(boolean ok, long millis, String error) {
    public static final long UNTIMED = -1;

    public static CheckResult passed(long millis) {
        return new CheckResult(true, millis, null);
    }

    public static CheckResult failed(long millis, String error) {
        return new CheckResult(false, millis, error);
    }
}
