package dev.descent.bench;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.data.Dataset;
import dev.descent.dsl.nn.Activation;
import dev.descent.dsl.nn.Sequential;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.optim.Sgd;
import dev.descent.train.TrainingPlan;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * W6, a LeNet-5-like CNN (bench/README.md): conv 6@5×5 → ReLU → max-pool 2 → conv 16@5×5 → ReLU →
 * max-pool 2 → flatten → 120 → ReLU → 84 → ReLU → 10, declared with the DSL's layers (torch's
 * default initialisation, seeded); 12,800 synthetic one-channel 28×28 images of 10 classes (1,280
 * quick), {@code x = 0.5 (N(0,1) + 0.3 P[label])} with prototypes P ~ N(0,1) [10×1×28×28] (ND4J's
 * generator seeded 6, labels {@code java.util.Random(6)}, as the SameDiff peers draw them);
 * cross-entropy; batches of 64 in data order, one epoch, SGD lr 0.05 momentum 0.9, after 10 warm-up
 * batches (then the initial parameters are restored and a fresh trainer starts).
 *
 * <p>Checks: the loss before training is ln 10 (±0.15) and the full-set loss after the epoch is finite
 * and no higher; torch draws other data and weights, so its final loss is a band to compare with,
 * not a number to match.
 */
final class LenetWorkload implements Workload {
    static final int BATCH = 64;
    static final int WARMUP_BATCHES = 10;
    /** Images per chunk of the full-set loss (as the torch peer: the whole set at once would set the peak RSS). */
    static final int LOSS_CHUNK = 1280;

    /** 28×28 images {@code "x"} [n, 1, 28, 28] of ten classes and their indices {@code "y"} (seed 6). */
    static Dataset data(int n) {
        Dataset flat = ClassClusters.draw(n, 784, 6, 0.3, 0.5);
        return Dataset.of("x", flat.array("x").reshape(n, 1, 28, 28), "y", flat.array("y"));
    }

    /** The network, its loss (torch's cross-entropy from logits) compiled once. */
    static CompiledModel model() {
        Sequential net = Sequential.builder().input(1, 28, 28)
                .conv2d(6, 5, Activation.relu()).maxPool2d(2)
                .conv2d(16, 5, Activation.relu()).maxPool2d(2)
                .flatten().dense(120, Activation.relu()).dense(84, Activation.relu()).dense(10)
                .seed(6).build();
        Expr y = Ops.indexInput("y", Shape.ANY);
        Expr loss = Ops.neg(Ops.mean(Ops.sum(Ops.oneHot(y, 10).times(Ops.logSoftmax(net.output(), 1)), false, 1)));
        return GraphCompiler.compile(ModelGraph.builder().output("logits", net.output()).loss(loss).build());
    }

    static TrainingPlan.Builder plan() {
        return TrainingPlan.builder().optimizer(Sgd.builder().lr(0.05).momentum(0.9).build())
                .batching(Batching.miniBatch(BATCH).shuffle(false));
    }

    /** The size-weighted mean of the loss over chunks of {@link #LOSS_CHUNK} images. */
    static double fullSetLoss(CompiledModel model, Dataset data) {
        double sum = 0;
        int n = data.size();
        for (int from = 0; from < n; from += LOSS_CHUNK) {
            int to = Math.min(n, from + LOSS_CHUNK);
            Map<String, INDArray> chunk = new LinkedHashMap<>();
            for (String name : new String[] {"x", "y"}) {
                chunk.put(name, data.array(name).get(NDArrayIndex.interval(from, to)).dup());
            }
            sum += model.loss(chunk) * (to - from);
        }
        return sum / n;
    }

    @Override
    public void run(boolean quick, Metrics out) {
        int n = quick ? 1280 : 12_800;
        Dataset data = data(n);
        try (CompiledModel model = model()) {
            Map<String, INDArray> init = new LinkedHashMap<>();
            model.parameters().forEach((k, v) -> init.put(k, v.dup()));
            double initialLoss = fullSetLoss(model, data);
            double finalLoss = EpochTiming.timeOneEpoch("W6", model, init, LenetWorkload::plan, WARMUP_BATCHES, data, BATCH,
                    m -> fullSetLoss(m, data), out);
            CheckFailedException.near("W6 initial loss", initialLoss, Math.log(10), 0.15);
            CheckFailedException.within("W6 final loss", finalLoss, 0.0, initialLoss + 1e-3);
        }
    }
}
