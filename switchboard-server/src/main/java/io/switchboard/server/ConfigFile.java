package io.switchboard.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code --config} file read into flat {@code key → value} pairs: keys are the flag names without
 * the dashes ({@code max-frame-bytes}); a YAML list, like a comma list in a {@code .properties} file,
 * becomes one comma-separated value (repeatable flags split on commas). Which keys exist is
 * {@link ConfigSources}'s business; this class only refuses what is not a flat file of values, with
 * a line that starts with the file's name. Immutable once read; thread-safe.
 */
final class ConfigFile {
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The path as the operator wrote it: error lines and {@code --print-config} name it so. */
    private final String name;
    /** Keys in file order. */
    private final Map<String, String> values;

    private ConfigFile(String name, Map<String, String> values) {
        this.name = name;
        this.values = values;
    }

    /** Reads a {@code .yaml}/{@code .yml} or {@code .properties} file; a {@link StartupException} otherwise. */
    static ConfigFile read(Path path) {
        String name = path.toString();
        String lower = name.toLowerCase(Locale.ROOT);
        boolean yaml = lower.endsWith(".yaml") || lower.endsWith(".yml");
        if (!yaml && !lower.endsWith(".properties")) {
            throw new StartupException("--config " + name + ": must end in .yaml, .yml or .properties");
        }
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return new ConfigFile(name, yaml ? yaml(name, in) : properties(in));
        } catch (JacksonException e) {
            throw new StartupException(name + ": not valid YAML ("
                    + e.getOriginalMessage().replaceAll("\\s+", " ")
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() : "") + ")");
        } catch (IOException e) {
            throw new StartupException("--config " + name + ": cannot read (" + DataDirLock.reason(e) + ")", e);
        }
    }

    /** For tests: a file's content without the file. */
    static ConfigFile of(String name, Map<String, String> values) {
        return new ConfigFile(name, new LinkedHashMap<>(values));
    }

    String name() {
        return name;
    }

    Map<String, String> values() {
        return values;
    }

    private static Map<String, String> yaml(String name, Reader in) throws IOException {
        JsonNode root = YAML.readTree(in);
        Map<String, String> out = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return out; // an empty file, or only comments
        }
        if (!root.isObject()) {
            throw new StartupException(name + ": must be a map of keys to values, e.g. max-frame-bytes: 65536");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), scalarOrList(name, e.getKey(), e.getValue()));
        }
        return out;
    }

    private static String scalarOrList(String name, String key, JsonNode node) {
        if (node.isNull()) {
            throw new StartupException(name + ": " + key + " has no value");
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isValueNode() || item.isNull()) {
                    throw new StartupException(name + ": " + key + " must be a value or a list of values");
                }
                items.add(item.asText());
            }
            return String.join(",", items);
        }
        throw new StartupException(name + ": " + key + " must be a value or a list of values, not a map");
    }

    private static Map<String, String> properties(Reader in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().stream()
                .sorted()
                .forEach(k -> out.put(k, p.getProperty(k).trim()));
        return out;
    }
}
