package dev.descent.spark;

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
 * The architecture of {@code descent-spark}, checked on the main classes of core, dsl and this
 * module (core's and the dsl's own rules are their ArchitectureTest and DslArchitectureTest): the
 * layers core → dsl → {@code dev.descent.spark} → its runnable {@code examples} depend downward
 * only, SameDiff stays inside core's {@code dev.descent.compile} (the executors run the compiled
 * model through its API), no package cycles, every package says what lives in it.
 */
@AnalyzeClasses(packages = "dev.descent",
        importOptions = {ImportOption.DoNotIncludeTests.class, SparkArchitectureTest.DoNotIncludeTestJars.class})
class SparkArchitectureTest {
    private static final String[] CORE = {"dev.descent", "dev.descent.graph..", "dev.descent.optim..",
        "dev.descent.data..", "dev.descent.schedule..", "dev.descent.io..", "dev.descent.compile..",
        "dev.descent.train..", "dev.descent.store..", "dev.descent.parity..", "dev.descent.serve.."};
    private static final String DSL = "dev.descent.dsl..";
    private static final String SPARK = "dev.descent.spark..";

    /** Leaves out test jars (core's, shared for its test helpers): only main classes are checked. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule sparkDoesNotDependOnSameDiff = noClasses()
            .that().resideInAPackage(SPARK)
            .should().dependOnClassesThat().resideInAPackage("org.nd4j.autodiff..")
            .because("only core's dev.descent.compile imports SameDiff (org.nd4j.autodiff); the driver and the"
                    + " executors work through CompiledModel");

    @ArchTest
    static final ArchRule layersDependDownwardOnly = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Core").definedBy(CORE)
            .layer("Dsl").definedBy(DSL)
            .layer("Spark").definedBy("dev.descent.spark")
            .layer("SparkExamples").definedBy("dev.descent.spark.examples..")
            .whereLayer("Core").mayNotAccessAnyLayer()
            .whereLayer("Dsl").mayOnlyAccessLayers("Core")
            .whereLayer("Spark").mayOnlyAccessLayers("Core", "Dsl")
            .whereLayer("SparkExamples").mayOnlyAccessLayers("Core", "Dsl", "Spark")
            .because("layers depend downward only: core, the dsl, dev.descent.spark, then its examples");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.descent.(**)").should().beFreeOfCycles()
            .because("a cycle between packages would make them one package in all but name");

    /** Every folder of main Java sources is a documented package: it holds a package-info.java. */
    @ArchTest
    static void everyPackageHasPackageInfo(@SuppressWarnings("unused") JavaClasses classes) throws IOException {
        PackageInfoCheck.assertEveryPackageHasPackageInfo(Path.of("src/main/java"));
    }
}
