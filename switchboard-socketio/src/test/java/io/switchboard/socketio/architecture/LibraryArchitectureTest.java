package io.switchboard.socketio.architecture;

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

/**
 * The embeddable library stands alone: it imports nothing of the chat server, the load tool or
 * the examples, its internal packages never reach back into the public API, and no packages
 * form a cycle.
 */
class LibraryArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.switchboard.socketio");
    }

    @Test
    void noPackagesOfTheLibraryFormACycle() {
        slices().matching("io.switchboard.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theLibraryImportsOnlyItselfNettyJacksonSlf4jAndTheJdk() {
        noClasses()
                .that()
                .resideInAPackage("io.switchboard.socketio..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages(
                        "io.switchboard.socketio..",
                        "io.netty..",
                        "com.fasterxml.jackson..",
                        "org.slf4j..",
                        "java..",
                        "javax..",
                        "jdk..",
                        "sun..")
                .check(classes);
    }

    @Test
    void theInternalsNeverReachBackIntoThePublicApi() {
        noClasses()
                .that()
                .resideInAPackage("io.switchboard.socketio.internal..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.switchboard.socketio")
                .check(classes);
    }

    /**
     * Each package says what it is (and, in the library, whether it is API) in a {@code package-info.java};
     * the compiler plugin leaves a class file for one even when it holds only a doc comment.
     */
    @Test
    void everyPackageOfTheLibraryHasAPackageInfo() {
        List<String> undocumented = classes.stream()
                .map(JavaClass::getPackageName)
                .distinct()
                .filter(p -> classes.getPackage(p).tryGetPackageInfo().isEmpty())
                .sorted()
                .toList();
        assertEquals(List.of(), undocumented, "packages without a package-info.java");
    }
}
