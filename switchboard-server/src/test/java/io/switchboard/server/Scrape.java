package io.switchboard.server;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scrape in the Prometheus text format, parsed: each sample by its name and labels (in any order).
 * Enough of the format for the tests: no escaped quotes or commas in label values.
 */
final class Scrape {
    private final Map<String, Double> samples = new HashMap<>();
    private final String text;

    Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name;
            Map<String, String> labels = new TreeMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                String inside = line.substring(brace + 1, line.lastIndexOf('}'));
                for (String pair : inside.split(",")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    labels.put(pair.substring(0, eq), pair.substring(eq + 2, pair.length() - 1));
                }
            } else {
                name = line.substring(0, space);
            }
            samples.put(key(name, labels), Double.parseDouble(line.substring(space + 1)));
        }
    }

    String text() {
        return text;
    }

    /** The sample's value, or 0 when the scrape has no such sample (a counter never incremented). */
    double value(String name, String... labelPairs) {
        Double v = samples.get(key(name, labels(labelPairs)));
        return v == null ? 0 : v;
    }

    boolean has(String name, String... labelPairs) {
        return samples.containsKey(key(name, labels(labelPairs)));
    }

    private static Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }

    private static String key(String name, Map<String, String> labels) {
        return name + labels;
    }
}
