package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/** Converts emit arguments to JSON trees. Stateless and thread-safe. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static JsonNode toNode(Object o) {
        if (o instanceof JsonNode n) {
            return n;
        }
        if (o instanceof byte[] b) {
            return BinaryNode.valueOf(b);
        }
        return MAPPER.valueToTree(o);
    }

    static ArrayNode array(String event, Object[] args) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        if (event != null) {
            a.add(event);
        }
        for (Object o : args) {
            a.add(toNode(o));
        }
        return a;
    }

    static List<JsonNode> list(JsonNode array, int from) {
        List<JsonNode> out = new ArrayList<>();
        for (int i = from; i < array.size(); i++) {
            out.add(array.get(i));
        }
        return out;
    }
}
