package io.switchboard.server;

import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option's value comes from when the command line does not give it: first the environment
 * ({@code SWITCHBOARD_MAX_FRAME_BYTES}: the prefix and the flag name upper-cased, {@code -} as
 * {@code _}; {@code PORT} as well, below {@code SWITCHBOARD_PORT}), then the {@code --config} file
 * (keys are the flag names without dashes), then the option's own default. Picocli asks it only for
 * the options the command line did not match, so the precedence flag &gt; environment &gt; file &gt;
 * default needs nothing from the options themselves: every {@code @Option} of {@link Main} takes part.
 *
 * <p>It refuses, at {@link #load}, a file key or a {@code SWITCHBOARD_} variable that names no option,
 * and it rewrites a start-up error about an option that came from the environment or the file so the
 * line names that source ({@link #explain}). Immutable; picocli calls it on the main thread only.
 */
final class ConfigSources implements IDefaultValueProvider {
    static final String ENV_PREFIX = "SWITCHBOARD_";
    /** The port variable of platforms such as Heroku or Cloud Run; {@code SWITCHBOARD_PORT} wins over it. */
    static final String PORT_ENV = "PORT";
    /** {@code SWITCHBOARD_} variables that are not flags: the log level {@code logback.xml} reads. */
    static final Set<String> NOT_FLAGS = Set.of("SWITCHBOARD_LOG_LEVEL");
    /** Options that only make sense on the command line. */
    private static final Set<String> COMMAND_LINE_ONLY = Set.of("print-config");
    /** Names that make an option secret without {@link Secret} (a net for a forgotten annotation). */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(token|password|secret).*");
    /** {@code scheme://user:password@}: the password part. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(//[^:@/\\s]+):[^@/\\s]*@");
    /** Picocli's conversion error; the part after it says what was wrong with the value. */
    private static final Pattern INVALID_VALUE = Pattern.compile("Invalid value for option '[^']+': (.*)");

    static final String MASK = "***";

    /**
     * The {@code split} every repeatable option declares, so a comma list in a variable or the file
     * (where a YAML list arrives joined with commas) gives several values; enforced by a test.
     */
    static final String LIST_SPLIT = "\\s*,\\s*";

    /** Where a value came from. */
    enum Origin {
        FLAG,
        ENV,
        FILE,
        DEFAULT
    }

    /** A value and its origin; {@code where} is the variable or the file name (empty for flag and default). */
    record Source(Origin origin, String where) {
        static final Source FLAG = new Source(Origin.FLAG, "");
        static final Source DEFAULT = new Source(Origin.DEFAULT, "");

        /** As {@code --print-config} shows it: {@code flag}, {@code env SWITCHBOARD_PORT}, {@code file a.yaml}. */
        @Override
        public String toString() {
            return origin.name().toLowerCase(Locale.ROOT) + (where.isEmpty() ? "" : " " + where);
        }
    }

    private record Found(Source source, String value) {}

    private final CommandSpec spec;
    private final List<String> args;
    /** Only the variables an option reads: {@code SWITCHBOARD_*} and {@code PORT}. */
    private final Map<String, String> env;
    /** Null without {@code --config}. */
    private final ConfigFile file;

    ConfigSources(CommandSpec spec, List<String> args, Map<String, String> env, ConfigFile file) {
        this.spec = spec;
        this.args = List.copyOf(args);
        this.env = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX) || k.equals(PORT_ENV)) {
                this.env.put(k, v);
            }
        });
        this.file = file;
        refuseUnknownKeys();
    }

    /**
     * The sources for this command line: the file is {@code --config} from {@code args}, else
     * {@code SWITCHBOARD_CONFIG}. A {@link StartupException} for a file that cannot be read or
     * a key or variable that names no option.
     */
    static ConfigSources load(CommandSpec spec, String[] args, Map<String, String> env) {
        String path = commandLineValue(List.of(args), "--config");
        if (path == null) {
            path = env.get(envName("config"));
        }
        ConfigFile file = path == null || path.isBlank() ? null : ConfigFile.read(Path.of(path));
        return new ConfigSources(spec, List.of(args), env, file);
    }

    /** The key of an option in the file: its longest name without the dashes. */
    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    /** The environment variable of a key: {@code max-frame-bytes} → {@code SWITCHBOARD_MAX_FRAME_BYTES}. */
    static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Options a file or the environment may set: all but help, version and {@code --print-config}. */
    static boolean configurable(OptionSpec option) {
        return !option.usageHelp() && !option.versionHelp() && !COMMAND_LINE_ONLY.contains(key(option));
    }

    /** Marked {@link Secret}, or named like a secret. */
    static boolean isSecret(OptionSpec option) {
        Object member = option.userObject();
        boolean annotated = member instanceof AnnotatedElement e && e.isAnnotationPresent(Secret.class);
        return annotated || SECRET_NAME.matcher(key(option)).matches();
    }

    /** {@code value} as it may be shown: {@value #MASK} for a secret option, no password in a URL. */
    static String mask(OptionSpec option, String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return isSecret(option) ? MASK : URL_PASSWORD.matcher(value).replaceAll("$1:" + MASK + "@");
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        // an empty list ("[]" in a file, as --print-config writes one) is no value, not one empty item
        return arg instanceof OptionSpec option
                ? lookup(option)
                        .map(Found::value)
                        .filter(v -> !(option.isMultiValue() && v.isBlank()))
                        .orElse(null)
                : null;
    }

    /** Where {@code option}'s value came from, given whether the command line matched it. */
    Source sourceOf(OptionSpec option, boolean matchedOnCommandLine) {
        return matchedOnCommandLine
                ? Source.FLAG
                : lookup(option).map(Found::source).orElse(Source.DEFAULT);
    }

    /** The configuration file's name, or null. */
    String fileName() {
        return file == null ? null : file.name();
    }

    /**
     * A start-up error line that names where the offending value came from when that was the
     * environment or the file: {@code SWITCHBOARD_MAX_FRAME_BYTES=0: max-frame-bytes must be between…}
     * or {@code switchboard.yaml: max-frame-bytes must be between…}. The option is {@code about}, else
     * the one the message starts with ({@code --max-frame-bytes …}, as every check's message does).
     */
    String explain(String message, ArgSpec about) {
        OptionSpec option = about instanceof OptionSpec o ? o : leadingOption(message);
        if (option == null || commandLineValue(args, option.longestName()) != null) {
            return message;
        }
        Optional<Found> found = lookup(option);
        if (found.isEmpty()) {
            return message;
        }
        String key = key(option);
        Matcher invalid = INVALID_VALUE.matcher(message);
        String text = invalid.matches()
                ? "invalid " + key + ": " + invalid.group(1)
                : message.startsWith(option.longestName())
                        ? key + message.substring(option.longestName().length())
                        : message;
        Source s = found.get().source();
        String where = s.origin() == Origin.ENV
                ? s.where() + "=" + mask(option, found.get().value())
                : s.where();
        return where + ": " + text;
    }

    private Optional<Found> lookup(OptionSpec option) {
        if (!configurable(option)) {
            return Optional.empty();
        }
        String key = key(option);
        List<String> vars = key.equals("port") ? List.of(envName(key), PORT_ENV) : List.of(envName(key));
        for (String var : vars) {
            String v = env.get(var);
            if (v != null && !v.isBlank()) { // an empty variable counts as unset, as in most shells' ${X:-d}
                return Optional.of(new Found(new Source(Origin.ENV, var), v.trim()));
            }
        }
        if (file != null && !key.equals("config") && file.values().containsKey(key)) {
            return Optional.of(new Found(
                    new Source(Origin.FILE, file.name()), file.values().get(key)));
        }
        return Optional.empty();
    }

    private void refuseUnknownKeys() {
        Map<String, OptionSpec> byKey = new TreeMap<>();
        spec.options().stream().filter(ConfigSources::configurable).forEach(o -> byKey.put(key(o), o));
        if (file != null) {
            for (String key : file.values().keySet()) {
                if (!byKey.containsKey(key) || key.equals("config")) {
                    throw new StartupException(file.name() + ": unknown key " + key
                            + " (keys are the flag names without the dashes, e.g. max-frame-bytes;"
                            + " ./switchboard --help lists them)");
                }
            }
        }
        List<String> known = new ArrayList<>(NOT_FLAGS);
        byKey.keySet().forEach(k -> known.add(envName(k)));
        for (String var : env.keySet()) {
            if (var.startsWith(ENV_PREFIX) && !known.contains(var)) {
                String flag = "--"
                        + var.substring(ENV_PREFIX.length())
                                .toLowerCase(Locale.ROOT)
                                .replace('_', '-');
                throw new StartupException(var + ": unknown environment variable, there is no flag " + flag
                        + " (./switchboard --help lists them)");
            }
        }
    }

    private OptionSpec leadingOption(String message) {
        String first = message.split("[\\s=:,]", 2)[0];
        return first.startsWith("--") ? spec.findOption(first) : null;
    }

    /**
     * The value of {@code name} on the command line ({@code --name v} or {@code --name=v}), "" for a
     * flag without one, null when absent; options end at {@code --}.
     */
    static String commandLineValue(List<String> args, String name) {
        for (int i = 0; i < args.size() && !args.get(i).equals("--"); i++) {
            String a = args.get(i);
            if (a.equals(name)) {
                return i + 1 < args.size() ? args.get(i + 1) : "";
            }
            if (a.startsWith(name + "=")) {
                return a.substring(name.length() + 1);
            }
        }
        return null;
    }
}
