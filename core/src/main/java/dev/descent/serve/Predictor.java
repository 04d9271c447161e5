package dev.descent.serve;

import dev.descent.graph.ModelGraph;
import dev.descent.store.ModelFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Serves a trained model to many threads at once. Each snapshot of the model is immutable: its
 * parameters are copied into compiled graphs of its own (one per concurrently running request, up
 * to {@code instances}), so training the original model, or {@link #swap swapping} in a new one,
 * never disturbs a request in flight. A request is answered entirely by the snapshot it started
 * on; {@link Prediction#version()} says which.
 *
 * <p>Inputs are validated (names, shapes, dtypes) before anything native runs. After
 * {@link #close()}, requests already running finish normally and new ones get a
 * {@link dev.descent.DescentException}.
 *
 * <pre>{@code
 * try (Predictor p = Predictor.create(graph, model.parameters(), 4)) {
 *     INDArray y = p.predict(Map.of("x", x)).output("pred");
 *     p.swap(retrained.parameters());          // later requests see the new values
 * }
 * }</pre>
 */
public interface Predictor extends AutoCloseable {

    /**
     * A predictor over {@code graph} with the given parameter values (copied now; parameters the
     * map lacks keep the graph's initial values), running at most {@code instances} requests in
     * parallel; further requests wait for a free instance.
     *
     * <p>Copy the parameters of a model that is being trained from the training thread (for
     * example in a {@link dev.descent.train.StepListener}), or from
     * {@link dev.descent.train.Trainer#exportState()}, so the copy is not torn by an update.
     *
     * @throws IllegalArgumentException if {@code instances < 1} or a parameter is unknown or
     *     mis-shaped
     */
    static Predictor create(ModelGraph graph, Map<String, INDArray> params, int instances) {
        return new PooledPredictor(graph, params, instances);
    }

    /** {@link #create(ModelGraph, Map, int)} with one instance per available processor. */
    static Predictor create(ModelGraph graph, Map<String, INDArray> params) {
        return create(graph, params, Runtime.getRuntime().availableProcessors());
    }

    /**
     * A predictor over a verified model or checkpoint file.
     *
     * @throws dev.descent.store.CorruptFileException if the file is damaged or not ours
     */
    static Predictor load(Path file, int instances) {
        ModelFile.SavedModel m = ModelFile.load(file);
        return create(m.graph(), m.parameters(), instances);
    }

    /** Runs the model on one batch and returns every output. Safe to call from any thread. */
    Prediction predict(Map<String, INDArray> inputs);

    /** Atomically replaces the parameter values (same architecture); returns the new version. */
    long swap(Map<String, INDArray> params);

    /** Atomically replaces the model (any architecture); returns the new version. */
    long swap(ModelGraph graph, Map<String, INDArray> params);

    /** The version new requests are answered by (1 until the first swap). */
    long version();

    /** The inputs the outputs need, with their declared shapes as text, e.g. {@code x -> [batch, 4]}. */
    Map<String, String> inputs();

    /** The output names. */
    List<String> outputNames();

    /** Refuses new requests; requests in flight finish, then native memory is released. Idempotent. */
    @Override
    void close();
}
