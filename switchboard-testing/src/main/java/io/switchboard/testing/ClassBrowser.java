package io.switchboard.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link HeadlessChromium} for all the tests of a class: started before the first (or the class
 * is skipped, or failed on CI, when Chromium is missing), closed after the last. Before each test
 * the browser forgets the last one's page in one of two ways:
 *
 * <ul>
 *   <li>{@link #oneTab}: the tab goes to {@code about:blank}, so the last page disconnects. Cheap,
 *       and enough when each test has its own server, so its own origin ({@link ChatPage#open}
 *       clears that origin's localStorage);
 *   <li>{@link #freshTabs}: a {@linkplain HeadlessChromium#freshTab() new tab}, which also starts
 *       with an empty sessionStorage (per tab and origin), where the chat page keeps a token and its
 *       client id. For tests that share one server. A tab costs a renderer process, so about a
 *       second of CPU.
 * </ul>
 *
 * <p>Either way the console entries collected so far are dropped. A browser costs one to three
 * seconds of CPU to start; a class that starts one per test pays that many times over in a build
 * that is short of CPU. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ClassBrowser browser = ClassBrowser.oneTab(1280, 800);
 * }</pre>
 */
public final class ClassBrowser implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final int width;
    private final int height;
    private final boolean freshTabs;
    private HeadlessChromium browser;

    private ClassBrowser(int width, int height, boolean freshTabs) {
        this.width = width;
        this.height = height;
        this.freshTabs = freshTabs;
    }

    /** One tab for the whole class, sent to {@code about:blank} before each test. */
    public static ClassBrowser oneTab(int width, int height) {
        return new ClassBrowser(width, height, false);
    }

    /** A new tab for each test: fresh sessionStorage even on the origin of the last test. */
    public static ClassBrowser freshTabs(int width, int height) {
        return new ClassBrowser(width, height, true);
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
        if (freshTabs) {
            get().freshTab();
        } else {
            get().blank();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
