package dev.descent.store;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.train.Trainer;
import java.nio.file.Path;

/**
 * The child-process side of {@link ClassifierResumeTest}: {@code ACTIVATION CKPT TOTAL} restores
 * the checkpoint into a model initialised differently, trains to TOTAL steps and prints
 * {@code HASH h}.
 */
public final class ClassifierResumeChild {
    private ClassifierResumeChild() {
    }

    public static void main(String[] args) {
        try (CompiledModel m = GraphCompiler.compile(ClassifierModels.mlp(args[0], 99))) {
            Trainer t = ClassifierModels.trainer(m, Long.parseLong(args[2]));
            Checkpoint.restore(Path.of(args[1]), t);
            t.fit(ClassifierModels.data());
            System.out.println("HASH " + TestModels.hash(m.parameters()));
        }
        System.out.flush();
        System.exit(0); // ND4J leaves non-daemon threads behind
    }
}
