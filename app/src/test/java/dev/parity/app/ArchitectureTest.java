package dev.parity.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape README's Layout section draws, enforced on the compiled main code of every module (this module's
 * test classpath holds them all): no package cycles anywhere, and every dependency points the way the arrows do.
 * Maven keeps modules apart; this keeps the packages inside them apart.
 */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // the harness's test fixtures reach this module as a test-jar, which DO_NOT_INCLUDE_TESTS cannot tell
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.parity");
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("dev.parity.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void modulesAndPackagesFollowTheArrows() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("common").definedBy("dev.parity.common..")
                .layer("metrics").definedBy("dev.parity.metrics..")
                .layer("runtimes").definedBy("dev.parity.runners")
                .layer("served").definedBy("dev.parity.runners.kserve..")
                .layer("self-check").definedBy("dev.parity.runners.selfcheck..")
                .layer("runner factory").definedBy("dev.parity.runners.factory..")
                .layer("isolation").definedBy("dev.parity.runners.worker..")
                .layer("convert").definedBy("dev.parity.convert..")
                .layer("errors").definedBy("dev.parity.harness")
                .layer("results").definedBy("dev.parity.harness.results..")
                .layer("parquet").definedBy("dev.parity.harness.parquet..")
                .layer("spec").definedBy("dev.parity.harness.spec..")
                .layer("data").definedBy("dev.parity.harness.data..")
                .layer("run").definedBy("dev.parity.harness.run..")
                .layer("decide").definedBy("dev.parity.harness.decide..")
                .layer("output").definedBy("dev.parity.harness.output..")
                .layer("query").definedBy("dev.parity.harness.query..")
                .layer("localise").definedBy("dev.parity.harness.localise..")
                .layer("history").definedBy("dev.parity.harness.history..")
                .layer("triton").definedBy("dev.parity.harness.triton..")
                .layer("pipeline").definedBy("dev.parity.harness.pipeline..")
                .layer("benchmarks").definedBy("dev.parity.benchmarks..")
                .layer("app").definedBy("dev.parity.app..")
                .whereLayer("common").mayNotAccessAnyLayer()
                .whereLayer("metrics").mayNotAccessAnyLayer()
                .whereLayer("runtimes").mayOnlyAccessLayers("common")
                .whereLayer("served").mayOnlyAccessLayers("runtimes", "common")
                .whereLayer("self-check").mayOnlyAccessLayers("runtimes", "common")
                .whereLayer("runner factory").mayOnlyAccessLayers("runtimes", "served", "self-check")
                .whereLayer("isolation").mayOnlyAccessLayers("runtimes", "runner factory", "self-check", "common")
                .whereLayer("convert").mayOnlyAccessLayers("runtimes", "common")
                // the errors carry their exit status in common's ParityException, shared with runtimes and convert
                .whereLayer("errors").mayOnlyAccessLayers("common")
                // the run model is the bottom of the harness: it reads and writes run files with no other package
                .whereLayer("results").mayOnlyAccessLayers("metrics", "runtimes", "common")
                // Parquet files read and written, for datasets (spec, data), scores.parquet (output) and query
                .whereLayer("parquet").mayOnlyAccessLayers("errors")
                .whereLayer("spec").mayOnlyAccessLayers("errors", "results", "parquet", "runtimes", "served", "convert")
                .whereLayer("data").mayOnlyAccessLayers("errors", "results", "spec", "parquet", "runtimes", "convert")
                .whereLayer("run").mayOnlyAccessLayers("errors", "results", "spec", "data", "metrics", "runtimes",
                        "served", "runner factory", "isolation", "convert", "common")
                .whereLayer("decide").mayOnlyAccessLayers("errors", "results", "spec", "run", "metrics")
                .whereLayer("output").mayOnlyAccessLayers("errors", "results", "parquet", "spec", "run", "decide", "metrics",
                        "runtimes", "self-check", "common")
                .whereLayer("query").mayOnlyAccessLayers("errors", "results", "parquet")
                .whereLayer("history").mayOnlyAccessLayers("errors", "results")
                .whereLayer("localise").mayOnlyAccessLayers("errors", "results", "spec", "data", "run", "decide",
                        "metrics", "runtimes", "runner factory", "convert")
                .whereLayer("triton").mayOnlyAccessLayers("errors", "results", "spec", "run", "output", "runtimes",
                        "runner factory", "isolation", "self-check", "convert")
                // the run's lifecycle: the one place that strings scoring, deciding, rendering and recording together
                .whereLayer("pipeline").mayOnlyAccessLayers("errors", "results", "spec", "run", "decide", "output",
                        "history", "localise", "isolation", "common")
                .whereLayer("benchmarks").mayOnlyAccessLayers("errors", "results", "spec", "data", "run", "output",
                        "pipeline", "metrics", "runtimes", "runner factory", "isolation", "self-check", "convert",
                        "common")
                // the door: options, help and a call; nothing below may reach it
                .whereLayer("app").mayOnlyAccessLayers("errors", "results", "spec", "data", "run", "decide", "output",
                        "query", "localise", "history", "triton", "pipeline", "benchmarks", "runtimes",
                        "runner factory", "isolation", "self-check", "convert", "common")
                .check(classes);
    }

    /**
     * The command line declares and calls; it never strings a run together itself: scoring, deciding, localising,
     * rendering the run's files and the run store are reached through the pipeline (RunSession, RunRefresh,
     * RunHistory, LocaliseSession), so
     * every command that finishes a run behaves alike and a driver without a command line can do the same.
     */
    @Test
    void theCommandLineHoldsNoPipelineLogic() {
        noClasses().that().resideInAPackage("dev.parity.app..").should().dependOnClassesThat().haveFullyQualifiedName(
                        "dev.parity.harness.run.Evaluation").orShould().dependOnClassesThat().haveFullyQualifiedName(
                        "dev.parity.harness.run.ShardMerge").orShould().dependOnClassesThat().haveFullyQualifiedName(
                        "dev.parity.harness.run.SpeedProbe")
                .orShould().dependOnClassesThat().resideInAPackage("dev.parity.harness.decide..")
                .orShould().dependOnClassesThat().resideInAPackage("dev.parity.harness.history..")
                .orShould().dependOnClassesThat().resideInAPackage("dev.parity.harness.localise..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.parity.harness.output.RunWriter")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.parity.harness.output.HtmlReport")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.parity.harness.output.MarkdownReport")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.parity.harness.output.JunitXml")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.parity.harness.output.TerminalReport")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.parity.harness.output.SummaryFactory")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.parity.harness.output.TrendChart")
                .because("the run's lifecycle lives in harness/pipeline")
                .check(classes);
    }

    /** picocli is the door's library: the harness and the benchmarks are libraries without a command line. */
    @Test
    void onlyTheAppKnowsPicocli() {
        noClasses().that().resideOutsideOfPackage("dev.parity.app..").should().dependOnClassesThat()
                .resideInAPackage("picocli..").check(classes);
    }
}
