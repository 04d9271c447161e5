package dev.descent.cli;

import dev.descent.examples.demo.Demo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code descent demo [--out DIR]}: the guided tour, report on stdout, pictures and model in DIR. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Show what the library does, the way the source material teaches it: replay the two hand-computed "
                + "steps, race GD, SGD and mini-batch descent on one regression at an equal sample budget, walk the "
                + "x^2 + y^2 bowl with exact and noisy gradients, train an MLP on the 8x8 digits and save it. Prints a "
                + "report on stdout (progress on stderr) and writes PNG/SVG charts and the model into DIR.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "descent-out",
            description = "output folder, created if missing (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        Demo.run(out, System.out);
        return 0;
    }
}
