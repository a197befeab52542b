package io.switchboard.transport.http;

import io.switchboard.model.ChatMessage;
import io.switchboard.model.HubEvent;
import java.util.Arrays;

/**
 * HTTP streaming as newline-delimited JSON: one message object per line, and nothing else but a
 * {@code {"type":"reset",...}} line when the position could not be resumed (presence and typing are
 * left to SSE and WebSocket). JSON escapes line breaks inside strings, so a line is
 * always exactly one message; the heartbeat is an empty line, which NDJSON readers skip.
 *
 * <p>Thread-safe and stateless.
 */
final class NdjsonEncoding extends StreamEncoding {
    private static final byte[] EMPTY_LINE = {'\n'};

    @Override
    String contentType() {
        return "application/x-ndjson; charset=utf-8";
    }

    @Override
    byte[] preamble() {
        return null;
    }

    @Override
    byte[] heartbeat() {
        return EMPTY_LINE;
    }

    @Override
    byte[] message(ChatMessage message) {
        byte[] json = ApiJson.message(message);
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }

    /** A line with a {@code type}, which no message line has. */
    @Override
    byte[] reset(ResumeReset reset, String epoch) {
        byte[] json = ApiJson.reset(reset, epoch);
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }

    /** A line with a {@code type}, as the reset's. */
    @Override
    byte[] auth(byte[] json) {
        return line(json);
    }

    @Override
    byte[] tokenExpired(byte[] json) {
        return line(json);
    }

    private static byte[] line(byte[] json) {
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }

    @Override
    byte[] event(HubEvent event) {
        return event instanceof HubEvent.MessagePosted posted ? message(posted.message()) : null;
    }
}
