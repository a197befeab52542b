/**
 * The {@code store} scenario: how many messages per second the native endpoint stores durably,
 * and how long each {@code ack} (sent only once the message is stored) takes, at one or more
 * offered rates.
 */
package io.switchboard.loadtool.store;
