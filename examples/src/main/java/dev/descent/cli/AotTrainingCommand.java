package dev.descent.cli;

import dev.descent.bench.BenchCommand;
import dev.descent.examples.demo.Demo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The training run the launcher records its AOT cache (JDK 25+) or class-data archive from, once
 * per build: what it loads, and on JDK 25 how its methods behave, is what later runs start with.
 * W0's seed steps and W3's MLP at quick size exercise the training path (cross-entropy, ReLU,
 * momentum SGD, mini-batches); the demo's digits classifier, two epochs, adds what a training
 * script does around it: a CSV read, the DSL's model, metrics, evaluation, and saving and loading
 * a model file (W7 measured ~700 classes, Jackson's among them, loaded from jars without it).
 * Hidden: not a user's command.
 */
@Command(name = "aot-training", hidden = true, description = "the launcher's AOT-cache training run")
final class AotTrainingCommand implements Callable<Integer> {

    @Override
    public Integer call() throws IOException {
        int code = new CommandLine(new BenchCommand()).execute("--workloads", "W0,W3", "--quick");
        Path dir = Files.createTempDirectory("descent-aot-training-");
        try {
            Demo.digitsOnly(2, dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return code;
    }
}
