package dev.descent.dsl;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import dev.descent.PackageInfoCheck;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The architecture of {@code descent-dsl}, checked on the main classes of core and dsl (core's own
 * rules are core's ArchitectureTest): the dsl reaches SameDiff only through core's
 * {@code dev.descent.compile} API, sits above all of core, and its parts ({@code loss},
 * {@code metric}, {@code nn}, {@code plot}, {@code progress}, {@code report}) are independent building blocks
 * that the root package {@code dev.descent.dsl} assembles; the charts and the reports draw the same
 * lines, {@code chart}, the one package below them. No package cycles; every package says
 * what lives in it.
 */
@AnalyzeClasses(packages = "dev.descent",
        importOptions = {ImportOption.DoNotIncludeTests.class, DslArchitectureTest.DoNotIncludeTestJars.class})
class DslArchitectureTest {
    private static final String DSL = "dev.descent.dsl..";
    private static final String[] CORE = {"dev.descent", "dev.descent.graph..", "dev.descent.optim..",
        "dev.descent.data..", "dev.descent.schedule..", "dev.descent.io..", "dev.descent.compile..",
        "dev.descent.train..", "dev.descent.store..", "dev.descent.parity..", "dev.descent.serve.."};

    /** Leaves out test jars (core's, shared for its test helpers): only main classes are checked. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule dslDoesNotDependOnSameDiff = noClasses()
            .that().resideInAPackage(DSL)
            .should().dependOnClassesThat().resideInAPackage("org.nd4j.autodiff..")
            .because("only core's dev.descent.compile imports SameDiff (org.nd4j.autodiff); the dsl works through"
                    + " CompiledModel");

    @ArchTest
    static final ArchRule dslSitsAboveCore = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Core").definedBy(CORE)
            .layer("DslParts").definedBy("dev.descent.dsl.loss..", "dev.descent.dsl.metric..", "dev.descent.dsl.nn..",
                    "dev.descent.dsl.plot..", "dev.descent.dsl.progress..", "dev.descent.dsl.report..")
            .layer("DslData").definedBy("dev.descent.dsl.chart..")
            .layer("Dsl").definedBy("dev.descent.dsl")
            .whereLayer("Core").mayNotAccessAnyLayer()
            .whereLayer("DslData").mayOnlyAccessLayers("Core")
            .whereLayer("DslParts").mayOnlyAccessLayers("Core", "DslData")
            .whereLayer("Dsl").mayOnlyAccessLayers("Core", "DslParts", "DslData")
            .because("layers depend downward only: core, then the dsl's parts, then dev.descent.dsl");

    @ArchTest
    static final ArchRule dslPartsAreIndependent = slices().matching("dev.descent.dsl.(*)..")
            .should().notDependOnEachOther()
            .ignoreDependency(DescribedPredicate.alwaysTrue(), JavaClass.Predicates.resideInAPackage("dev.descent.dsl.chart.."))
            .because("loss, metric, nn, plot, progress and report are independent parts that dev.descent.dsl assembles");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.descent.(**)").should().beFreeOfCycles()
            .because("a cycle between packages would make them one package in all but name");

    /** Every folder of main Java sources is a documented package: it holds a package-info.java. */
    @ArchTest
    static void everyPackageHasPackageInfo(@SuppressWarnings("unused") JavaClasses classes) throws IOException {
        PackageInfoCheck.assertEveryPackageHasPackageInfo(Path.of("src/main/java"));
    }
}
