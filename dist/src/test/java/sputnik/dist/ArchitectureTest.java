package sputnik.dist;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape the design asks for, checked on the compiled main classes of every module: no package
 * depends on itself through others; the harness core names no concrete engine, suite or report; and
 * plug-ins reach the harness only through its public API ({@code api}, {@code plugin}, {@code report},
 * {@code record}, {@code metrics}, {@code util}), never through the runner, the CLI or the registry.
 */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        // Test classes are left out, including the harness's test-jar (test fixtures may reach anywhere).
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("sputnik");
    }

    @Test
    void noPackageCycles() {
        slices().matching("sputnik.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theHarnessCoreKnowsNoPlugin() {
        noClasses().that().resideInAPackage("sputnik.harness..")
                .should().dependOnClassesThat().resideInAnyPackage("sputnik.datasets..", "sputnik.engines..", "sputnik.reports..")
                .check(classes);
    }

    @Test
    void pluginsUseOnlyTheHarnessPublicApi() {
        noClasses().that().resideInAnyPackage("sputnik.datasets..", "sputnik.engines..", "sputnik.reports..")
                .should().dependOnClassesThat().resideInAnyPackage("sputnik.harness.cli..", "sputnik.harness.run..", "sputnik.harness.registry..")
                .because("plug-ins use the harness's public API (api, plugin, report, record, metrics, util), not its internals")
                .check(classes);
    }
}
