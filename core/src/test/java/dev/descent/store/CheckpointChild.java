package dev.descent.store;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Dataset;
import dev.descent.graph.ModelGraph;
import dev.descent.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The child-process side of the cross-JVM tests (run by {@link ChildJvm}); answers on stdout.
 * <ul>
 *   <li>{@code resume CKPT TOTAL SEED}: restores the checkpoint, trains to TOTAL steps, prints {@code HASH h}
 *   <li>{@code resume-adam CKPT TOTAL SEED}: the same with {@link TestModels#adamTrainer}, prints {@code ADAM h}
 *   <li>{@code seeds STEPS SEED...}: trains each seed from scratch, prints {@code SEED s h}
 *   <li>{@code loop CKPT SEED}: trains forever, saving a checkpoint after every step, prints {@code SAVED step}
 *   <li>{@code hostile DIR}: loads every file in DIR, prints {@code HOSTILE rejected loaded other}
 * </ul>
 */
public final class CheckpointChild {
    private CheckpointChild() {
    }

    /** Runs one or more commands separated by {@code +} (one JVM start is the expensive part). */
    public static void main(String[] all) throws IOException {
        List<String> rest = List.of(all);
        while (!rest.isEmpty()) {
            int plus = rest.indexOf("+");
            List<String> cmd = plus < 0 ? rest : rest.subList(0, plus);
            command(cmd.toArray(new String[0]));
            rest = plus < 0 ? List.of() : rest.subList(plus + 1, rest.size());
        }
        System.out.flush();
        System.exit(0); // ND4J leaves non-daemon threads behind
    }

    private static void command(String[] args) throws IOException {
        switch (args[0]) {
            case "resume" -> resume(Path.of(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]));
            case "resume-adam" -> resumeAdam(Path.of(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]));
            case "seeds" -> {
                for (int i = 2; i < args.length; i++) {
                    long seed = Long.parseLong(args[i]);
                    System.out.println("SEED " + seed + " " + trainFresh(seed, Long.parseLong(args[1])));
                }
            }
            case "loop" -> loop(Path.of(args[1]), Long.parseLong(args[2]));
            case "hostile" -> hostile(Path.of(args[1]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Trains {@code steps} steps from scratch; returns the parameter hash. */
    public static String trainFresh(long seed, long steps) {
        ModelGraph g = TestModels.mlp(seed);
        try (CompiledModel m = GraphCompiler.compile(g)) {
            TestModels.trainer(m, seed, steps).fit(TestModels.data(seed, TestModels.SAMPLES));
            return TestModels.hash(m.parameters());
        }
    }

    private static void resume(Path ckpt, long total, long seed) {
        ModelGraph g = TestModels.mlp(seed);
        try (CompiledModel m = GraphCompiler.compile(g)) {
            Trainer t = TestModels.trainer(m, seed, total);
            Checkpoint.restore(ckpt, t);
            t.fit(TestModels.data(seed, TestModels.SAMPLES));
            System.out.println("HASH " + TestModels.hash(m.parameters()));
        }
    }

    private static void resumeAdam(Path ckpt, long total, long seed) {
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(seed + 1))) {
            Trainer t = TestModels.adamTrainer(m, seed, total);
            Checkpoint.restore(ckpt, t);
            t.fit(TestModels.data(seed, TestModels.SAMPLES));
            System.out.println("ADAM " + TestModels.hash(m.parameters()));
        }
    }

    private static void loop(Path ckpt, long seed) {
        ModelGraph g = TestModels.mlp(seed);
        Dataset data = TestModels.data(seed, TestModels.SAMPLES);
        try (CompiledModel m = GraphCompiler.compile(g)) {
            Trainer t = TestModels.trainer(m, seed, Long.MAX_VALUE);
            while (true) {
                t.step(data);
                Checkpoint.save(ckpt, g, t);
                System.out.println("SAVED " + t.steps());
                System.out.flush();
            }
        }
    }

    private static void hostile(Path dir) throws IOException {
        int rejected = 0;
        int loaded = 0;
        int other = 0;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            try {
                ModelFile.load(f);
                loaded++;
            } catch (CorruptFileException e) {
                rejected++;
            } catch (RuntimeException e) {
                other++;
            }
        }
        System.out.println("HOSTILE " + rejected + " " + loaded + " " + other);
    }
}
