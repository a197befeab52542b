package io.switchboard.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link HeadlessChromium} for all the tests of a class: started before the first (or the class
 * is skipped, or failed on CI, when Chromium is missing), closed after the last. Each test begins
 * in a {@linkplain HeadlessChromium#freshTab() fresh tab}, so no page of the last test is still
 * connected and sessionStorage is empty; {@link ChatPage#open} clears the origin's localStorage.
 *
 * <p>A browser costs one to three seconds of CPU to start; a class that starts one per test pays
 * that many times over in a build that is short of CPU. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ClassBrowser browser = new ClassBrowser(1280, 800);
 * }</pre>
 */
public final class ClassBrowser implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final int width;
    private final int height;
    private HeadlessChromium browser;

    public ClassBrowser(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** The browser; only inside a test or a callback that runs after {@code @BeforeAll}. */
    public HeadlessChromium get() {
        if (browser == null) {
            throw new IllegalStateException("the browser starts before the class's first test");
        }
        return browser;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        HeadlessChromium.assumeInstalled();
        browser = HeadlessChromium.start(width, height);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        get().freshTab();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
