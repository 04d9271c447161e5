package dev.descent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The architecture of {@code descent-core}, checked on its compiled main classes: SameDiff stays
 * inside {@code compile}, packages depend downward only, no package cycles, every package says
 * what lives in it. A rule broken by a change fails here, naming the offending class and line.
 *
 * <p>The layers, bottom to top: the root package {@code dev.descent} (DescentException,
 * ExecutionPath; usable by all); {@code graph}, {@code optim}, {@code data}, {@code schedule},
 * {@code io} (independent of one another); {@code compile}; {@code train}; {@code store},
 * {@code parity}, {@code serve} (of these only serve → store, serving a stored model). The
 * dsl, examples and spark modules, above all of these, check their own rules.
 */
@AnalyzeClasses(packages = "dev.descent", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String SAMEDIFF = "org.nd4j.autodiff..";

    private static final String ROOT = "dev.descent";
    private static final String GRAPH = "dev.descent.graph..";
    private static final String OPTIM = "dev.descent.optim..";
    private static final String DATA = "dev.descent.data..";
    private static final String SCHEDULE = "dev.descent.schedule..";
    private static final String IO = "dev.descent.io..";
    private static final String COMPILE = "dev.descent.compile..";
    private static final String TRAIN = "dev.descent.train..";
    private static final String STORE = "dev.descent.store..";
    private static final String PARITY = "dev.descent.parity..";
    private static final String SERVE = "dev.descent.serve..";

    @ArchTest
    static final ArchRule onlyCompileDependsOnSameDiff = noClasses()
            .that().resideOutsideOfPackage(COMPILE)
            .should().dependOnClassesThat().resideInAPackage(SAMEDIFF)
            .because("dev.descent.compile is the only package that imports SameDiff (org.nd4j.autodiff);"
                    + " everything else works through CompiledModel");

    @ArchTest
    static final ArchRule packagesDependDownwardOnly = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Root").definedBy(ROOT)
            .layer("Graph").definedBy(GRAPH)
            .layer("Optim").definedBy(OPTIM)
            .layer("Data").definedBy(DATA)
            .layer("Schedule").definedBy(SCHEDULE)
            .layer("Io").definedBy(IO)
            .layer("Compile").definedBy(COMPILE)
            .layer("Train").definedBy(TRAIN)
            .layer("Store").definedBy(STORE)
            .layer("Parity").definedBy(PARITY)
            .layer("Serve").definedBy(SERVE)
            .whereLayer("Root").mayNotAccessAnyLayer()
            .whereLayer("Graph").mayOnlyAccessLayers("Root")
            .whereLayer("Optim").mayOnlyAccessLayers("Root")
            .whereLayer("Data").mayOnlyAccessLayers("Root")
            .whereLayer("Schedule").mayOnlyAccessLayers("Root")
            .whereLayer("Io").mayOnlyAccessLayers("Root")
            .whereLayer("Compile").mayOnlyAccessLayers("Root", "Graph", "Optim", "Data", "Schedule", "Io")
            .whereLayer("Train").mayOnlyAccessLayers("Root", "Graph", "Optim", "Data", "Schedule", "Io", "Compile")
            .whereLayer("Store").mayOnlyAccessLayers("Root", "Graph", "Optim", "Data", "Schedule", "Io", "Compile", "Train")
            .whereLayer("Parity").mayOnlyAccessLayers("Root", "Graph", "Optim", "Data", "Schedule", "Io", "Compile", "Train")
            .whereLayer("Serve").mayOnlyAccessLayers("Root", "Graph", "Optim", "Data", "Schedule", "Io", "Compile", "Train",
                    "Store")
            .because("core's packages are layers (root; graph, optim, data, schedule, io; compile; train; store, parity,"
                    + " serve) and depend downward only");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.descent.(*)..").should().beFreeOfCycles()
            .because("a cycle between packages would make them one package in all but name");

    /** Every folder of main Java sources is a documented package: it holds a package-info.java. */
    @ArchTest
    static void everyPackageHasPackageInfo(@SuppressWarnings("unused") JavaClasses classes) throws IOException {
        PackageInfoCheck.assertEveryPackageHasPackageInfo(Path.of("src/main/java"));
    }
}
