package io.switchboard.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code --print-config}: every configurable option as {@code key: value  # source}, secrets masked.
 * The output is YAML, so with the masked values filled in it can serve as a {@code --config} file.
 * Pure function of a finished parse; thread-safe.
 */
final class ConfigPrinter {
    /** Scalars YAML reads back as the same string without quotes. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9_./:@+*-]*");

    private ConfigPrinter() {}

    static List<String> lines(CommandSpec spec, ParseResult parsed, ConfigSources sources) {
        List<String[]> rows = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (!ConfigSources.configurable(option)) {
                continue;
            }
            ConfigSources.Source source = sources.sourceOf(option, parsed.hasMatchedOption(option));
            if (option.hidden() && source.origin() == ConfigSources.Origin.DEFAULT) {
                continue; // a deprecated alias nobody used
            }
            rows.add(new String[] {ConfigSources.key(option) + ": " + value(option), source.toString()});
        }
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        List<String> out = new ArrayList<>();
        out.add("# effective configuration (key: value  # where it came from: flag, env, file or default)");
        for (String[] r : rows) {
            out.add(r[0] + " ".repeat(width - r[0].length() + 2) + "# " + r[1]);
        }
        return out;
    }

    private static String value(OptionSpec option) {
        Object v = option.getValue();
        if (v == null) {
            return "~";
        }
        if (v instanceof Collection<?> c) {
            return c.stream()
                    .map(e -> yaml(ConfigSources.mask(option, String.valueOf(e))))
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        return yaml(ConfigSources.mask(option, String.valueOf(v)));
    }

    private static String yaml(String s) {
        return PLAIN.matcher(s).matches() ? s : "'" + s.replace("'", "''") + "'";
    }
}
