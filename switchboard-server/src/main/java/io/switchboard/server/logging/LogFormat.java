package io.switchboard.server.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * {@code --log-format text|json} (or the environment variable {@value #VARIABLE}; the flag wins).
 * {@code text} is logback.xml's human pattern; {@code json} replaces the root logger's appenders with
 * one that writes logback's own {@link JsonEncoder} to stderr: one JSON object per line, with
 * {@code timestamp}, {@code level}, {@code threadName}, {@code loggerName}, {@code formattedMessage},
 * the key-value pairs a line carries (the access and connection logs' fields), {@code mdc} and
 * {@code throwable}, for log shippers.
 *
 * <p>Called once, on the main thread, before the server starts (the lines before it are text).
 */
public final class LogFormat {
    static final String VARIABLE = "SWITCHBOARD_LOG_FORMAT";
    private static final String TEXT = "text";
    private static final String JSON = "json";

    private LogFormat() {}

    /**
     * {@code flag}: the {@code --log-format} value, or null to use the environment's. A bad value is
     * an {@link IllegalArgumentException} whose message names the flag or variable.
     */
    public static void apply(String flag) {
        String env = System.getenv(VARIABLE);
        String chosen = flag != null ? flag : env != null ? env : TEXT;
        String format = chosen.toLowerCase(Locale.ROOT);
        if (!format.equals(TEXT) && !format.equals(JSON)) {
            throw new IllegalArgumentException(
                    (flag != null ? "--log-format" : VARIABLE) + " must be text or json, got " + chosen);
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (format.equals(JSON) && factory instanceof LoggerContext context) {
            useJson(context);
        }
    }

    private static void useJson(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false); // the pattern; formattedMessage is the line
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("json");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }
}
