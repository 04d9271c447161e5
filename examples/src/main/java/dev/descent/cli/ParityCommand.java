package dev.descent.cli;

import dev.descent.parity.CaseResult;
import dev.descent.parity.ParityReplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import dev.descent.ExecutionPath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code descent parity FILE...}: replays PyTorch golden traces and reports deviations. */
@Command(name = "parity", mixinStandardHelpOptions = true,
        description = "Replay golden torch.optim traces (golden/README.md format: torch-sgd.json, torch-optim.json; "
                + "each case's optimizer_class names the rule) and print, per case, the max "
                + "relative deviation of the loss and of every parameter. Exit status 0 only when every case is "
                + "within tolerance.")
final class ParityCommand implements Callable<Integer> {

    @Option(names = "--portable", description = "replay on the portable path (ND4J ops only, as on a GPU), not the "
            + "CPU's Java kernels and direct native calls; the same as -D" + ExecutionPath.PORTABLE_PROPERTY + "=true")
    boolean portable;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "golden trace JSON files")
    List<Path> files;

    @Override
    public Integer call() {
        if (portable) {
            // read whenever a plan is bound or an update runs: nothing has trained in this JVM yet
            System.setProperty(ExecutionPath.PORTABLE_PROPERTY, "true");
        }
        System.out.println("# path: " + ExecutionPath.current().name().toLowerCase(java.util.Locale.ROOT));
        int failed = 0;
        int total = 0;
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                System.err.println("descent parity: no such file: " + file);
                return 2;
            }
            System.out.println("# " + file);
            System.out.printf("%-34s %-7s %6s %12s  %-40s %s%n", "case", "kind", "steps", "loss dev", "param dev", "result");
            for (CaseResult r : ParityReplay.replayFile(file)) {
                total++;
                StringBuilder params = new StringBuilder();
                for (Map.Entry<String, Double> e : r.paramDeviation().entrySet()) {
                    params.append(String.format("%s=%.2e ", e.getKey(), e.getValue()));
                }
                String verdict = r.passed() ? "ok (tol " + r.tolerance() + ")" : "FAIL: " + r.firstFailure();
                if (!r.passed()) {
                    failed++;
                }
                System.out.printf("%-34s %-7s %6d %12.2e  %-40s %s%n", r.name(), r.kind(), r.steps(), r.lossDeviation(),
                        params.toString().trim(), verdict);
            }
        }
        System.out.printf("%d passed, %d failed%n", total - failed, failed);
        return failed == 0 ? 0 : 1;
    }
}
