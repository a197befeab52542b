/**
 * A project outside the parent build that depends on {@code io.switchboard:switchboard-socketio}
 * alone, as an embedder would: {@link EchoServer} uses only the documented API, the official
 * JavaScript client talks to it, and the build fails if its dependency tree holds a JDBC driver,
 * logging backend or picocli.
 */
package embedding;
