package io.switchboard.model;

import java.util.List;

/** Messages of one room, oldest first; {@code more} says the range continues beyond this page. */
public record HistoryPage(List<ChatMessage> messages, boolean more) {}
