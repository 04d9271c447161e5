package dev.descent.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import dev.descent.PackageInfoCheck;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The architecture of {@code descent-examples}, checked on the main classes of core, dsl, the Kotlin
 * DSL and this module (core's and the dsl's own rules are their ArchitectureTest and
 * DslArchitectureTest): the layers core → dsl → the Kotlin DSL ({@code dev.descent.kotlin}) → this
 * module's {@code bench} and {@code examples} → {@code cli} (the command line, which runs them all)
 * depend downward only, SameDiff stays inside core's
 * {@code dev.descent.compile}, no package cycles, every Java package says what lives in it.
 *
 * <p>The Kotlin packages ({@code dev.descent.kotlin}, {@code dev.descent.examples.kotlin}, the Kotlin
 * script host in {@code dev.descent.cli}; src/main/kotlin) are left to Kotlin's conventions (file-level
 * KDoc, no package-info.java); the class rules cover their classes too.
 */
@AnalyzeClasses(packages = "dev.descent",
        importOptions = {ImportOption.DoNotIncludeTests.class, ExamplesArchitectureTest.DoNotIncludeTestJars.class})
class ExamplesArchitectureTest {
    private static final String[] CORE = {"dev.descent", "dev.descent.graph..", "dev.descent.optim..",
        "dev.descent.data..", "dev.descent.schedule..", "dev.descent.io..", "dev.descent.compile..",
        "dev.descent.train..", "dev.descent.store..", "dev.descent.parity..", "dev.descent.serve.."};
    private static final String DSL = "dev.descent.dsl..";
    private static final String KOTLIN = "dev.descent.kotlin..";
    private static final String BENCH = "dev.descent.bench..";
    private static final String EXAMPLES = "dev.descent.examples..";
    private static final String CLI = "dev.descent.cli..";

    /** Leaves out test jars (core's, shared for its test helpers): only main classes are checked. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule examplesDoNotDependOnSameDiff = noClasses()
            .that().resideInAnyPackage(KOTLIN, BENCH, EXAMPLES, CLI)
            .should().dependOnClassesThat().resideInAPackage("org.nd4j.autodiff..")
            .because("only core's dev.descent.compile imports SameDiff (org.nd4j.autodiff); examples, benchmarks and"
                    + " the command line work through Descent's API");

    @ArchTest
    static final ArchRule layersDependDownwardOnly = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Core").definedBy(CORE)
            .layer("Dsl").definedBy(DSL)
            .layer("Kotlin").definedBy(KOTLIN)
            .layer("Bench").definedBy(BENCH)
            .layer("Examples").definedBy(EXAMPLES)
            .layer("Cli").definedBy(CLI)
            .whereLayer("Core").mayNotAccessAnyLayer()
            .whereLayer("Dsl").mayOnlyAccessLayers("Core")
            .whereLayer("Kotlin").mayOnlyAccessLayers("Core", "Dsl")
            .whereLayer("Bench").mayOnlyAccessLayers("Core", "Dsl")
            .whereLayer("Examples").mayOnlyAccessLayers("Core", "Dsl", "Kotlin")
            .whereLayer("Cli").mayOnlyAccessLayers("Core", "Dsl", "Kotlin", "Bench", "Examples")
            .because("layers depend downward only: core, the dsl, the Kotlin DSL, then bench and examples"
                    + " (independent of each other), then the command line");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.descent.(**)").should().beFreeOfCycles()
            .because("a cycle between packages would make them one package in all but name");

    /** Every folder of main Java sources is a documented package: it holds a package-info.java. */
    @ArchTest
    static void everyPackageHasPackageInfo(@SuppressWarnings("unused") JavaClasses classes) throws IOException {
        PackageInfoCheck.assertEveryPackageHasPackageInfo(Path.of("src/main/java"));
    }
}
