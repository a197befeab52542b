package io.switchboard.loadtool.common;

/**
 * One server to compare, written on the command line as {@code label=url@pid}, e.g.
 * {@code switchboard=ws://127.0.0.1:3201/@4242}.
 *
 * <p>Immutable.
 */
public record TargetSpec(String label, LoopbackTarget target, long pid) {

    public static TargetSpec parse(String spec) {
        int eq = spec.indexOf('=');
        int at = spec.lastIndexOf('@');
        if (eq <= 0 || at < eq) {
            throw new IllegalArgumentException("a target is label=url@pid, got: " + spec);
        }
        String label = spec.substring(0, eq);
        if (!label.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a target label uses letters, digits, '.', '_' and '-': " + label);
        }
        long pid;
        try {
            pid = Long.parseLong(spec.substring(at + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the pid after '@' is not a number: " + spec, e);
        }
        if (pid <= 0) {
            throw new IllegalArgumentException("the pid must be positive: " + spec);
        }
        return new TargetSpec(label, LoopbackTarget.parse(spec.substring(eq + 1, at)), pid);
    }
}
