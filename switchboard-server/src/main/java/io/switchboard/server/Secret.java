package io.switchboard.server;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code @Option} field of {@link Main} whose value must never be shown: {@code --print-config}
 * and the start-up error lines print {@code ***} instead. Put it next to the option:
 * <pre>{@code
 * @Secret
 * @Option(names = "--admin-token", description = "...")
 * String adminToken;
 * }</pre>
 * An option whose name contains {@code token}, {@code password} or {@code secret}
 * is treated as secret even without it (a safety net, see {@link ConfigSources#isSecret}); a password
 * inside a URL ({@code scheme://user:password@host}) is masked in every value.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Secret {}
