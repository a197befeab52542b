package io.switchboard.history;

import io.switchboard.model.ChatMessage;

/**
 * What {@link HistoryStore#append} stored, or found: {@code duplicate} is true when the room already
 * held a message with the same client id, in which case {@code message} is that earlier message.
 */
public record AppendResult(ChatMessage message, boolean duplicate) {}
