package io.switchboard.server.probe;

import java.nio.charset.StandardCharsets;

/** A probe's verdict and its JSON body: HTTP 200 when ok, else 503. */
public record ProbeAnswer(boolean ok, String json) {
    public byte[] body() {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
