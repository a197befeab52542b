package io.switchboard.loadtool;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The load tool measures servers from outside: it imports none of Switchboard's own code. */
class LoadToolArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.switchboard.loadtool");
    }

    @Test
    void theLoadToolImportsNoServerOrLibraryCode() {
        noClasses()
                .that()
                .resideInAPackage("io.switchboard.loadtool..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.switchboard.model..",
                        "io.switchboard.protocol..",
                        "io.switchboard.history..",
                        "io.switchboard.cluster..",
                        "io.switchboard.hub..",
                        "io.switchboard.chat..",
                        "io.switchboard.transport..",
                        "io.switchboard.server..",
                        "io.switchboard.socketio..",
                        "io.switchboard.examples..",
                        "io.switchboard.testing..")
                .check(classes);
    }

    @Test
    void theScenarioPackagesFormNoCycle() {
        slices().matching("io.switchboard.loadtool.(*)..")
                .should()
                .beFreeOfCycles()
                .check(classes);
    }

    /**
     * Each package says what it is in a {@code package-info.java};
     * the compiler plugin leaves a class file for one even when it holds only a doc comment.
     */
    @Test
    void everyPackageOfTheLoadToolHasAPackageInfo() {
        List<String> undocumented = classes.stream()
                .map(JavaClass::getPackageName)
                .distinct()
                .filter(p -> classes.getPackage(p).tryGetPackageInfo().isEmpty())
                .sorted()
                .toList();
        assertEquals(List.of(), undocumented, "packages without a package-info.java");
    }
}
