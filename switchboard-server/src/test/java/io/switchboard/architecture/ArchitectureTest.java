package io.switchboard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.netty.channel.AbstractChannel;
import io.netty.channel.Channel;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's package structure, as DESIGN.md draws it: value types at the bottom, then the
 * codecs, storage and broker, the hub, the chat commands, the transports and the server on top.
 * Dependencies point down only and no packages form a cycle. The library it embeds
 * ({@code io.switchboard.socketio..}) is a separate module that never sees these classes.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.switchboard");
    }

    @Test
    void noPackagesOfTheServerFormACycle() {
        slices().matching("io.switchboard.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void dependenciesPointFromTheServerDownToTheValueTypes() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("model")
                .definedBy("io.switchboard.model..")
                .layer("auth")
                .definedBy("io.switchboard.auth..")
                .layer("metrics")
                .definedBy("io.switchboard.metrics..")
                .layer("protocol")
                .definedBy("io.switchboard.protocol..")
                .layer("history")
                .definedBy("io.switchboard.history..")
                .layer("cluster")
                .definedBy("io.switchboard.cluster..")
                .layer("hub")
                .definedBy("io.switchboard.hub..")
                .layer("chat")
                .definedBy("io.switchboard.chat..")
                .layer("transport")
                .definedBy("io.switchboard.transport..")
                .layer("server")
                .definedBy("io.switchboard.server..")
                .whereLayer("server")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("transport")
                .mayOnlyBeAccessedByLayers("server")
                .whereLayer("chat")
                .mayOnlyBeAccessedByLayers("transport", "server")
                .whereLayer("hub")
                .mayOnlyBeAccessedByLayers("chat", "transport", "server")
                .whereLayer("history")
                .mayOnlyBeAccessedByLayers("hub", "chat", "transport", "server")
                .whereLayer("cluster")
                .mayOnlyBeAccessedByLayers("hub", "server")
                .whereLayer("metrics")
                .mayOnlyBeAccessedByLayers("hub", "chat", "transport", "server")
                .whereLayer("protocol")
                .mayOnlyBeAccessedByLayers("chat", "transport", "server")
                .whereLayer("auth")
                .mayOnlyBeAccessedByLayers("chat", "transport", "server")
                .check(classes);
    }

    /** Netty's {@code Channel.unsafe()} is "never to be called from user code" (STYLE.md; issue #12). */
    @Test
    void noClassCallsNettysUnsafeChannelApi() {
        noClasses()
                .should()
                .callMethod(Channel.class, "unsafe")
                .orShould()
                .callMethod(AbstractChannel.class, "unsafe")
                .check(classes);
    }

    @Test
    void theModelImportsNothingOfTheServer() {
        noClasses()
                .that()
                .resideInAPackage("io.switchboard.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.switchboard.protocol..",
                        "io.switchboard.history..",
                        "io.switchboard.cluster..",
                        "io.switchboard.hub..",
                        "io.switchboard.chat..",
                        "io.switchboard.transport..",
                        "io.switchboard.server..",
                        "io.switchboard.socketio..")
                .check(classes);
    }

    @Test
    void theServerReachesNoLoadToolOrExampleClasses() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.switchboard.loadtool..", "io.switchboard.examples..")
                .check(classes);
    }

    /**
     * Each package says what it is in a {@code package-info.java};
     * the compiler plugin leaves a class file for one even when it holds only a doc comment.
     */
    @Test
    void everyPackageOfTheServerHasAPackageInfo() {
        List<String> undocumented = classes.stream()
                .map(JavaClass::getPackageName)
                .distinct()
                .filter(p -> classes.getPackage(p).tryGetPackageInfo().isEmpty())
                .sorted()
                .toList();
        assertEquals(List.of(), undocumented, "packages without a package-info.java");
    }
}
