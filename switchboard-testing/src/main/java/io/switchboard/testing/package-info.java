/**
 * Test fixtures the modules' tests share (test scope only, never in a product jar): real server
 * processes ({@link ServerProcess}), real clients ({@link WsClient}, {@link EngineIoWsClient},
 * {@link PipelinedSender}), the chat page in headless Chromium ({@link ChatPage}, {@link
 * HeadlessChromium}), a throwaway PostgreSQL ({@link PostgresServer}) and a TCP proxy that can
 * cut connections ({@link TcpProxy}).
 */
package io.switchboard.testing;
