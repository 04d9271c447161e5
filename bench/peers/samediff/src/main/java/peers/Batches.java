package peers;

import java.util.List;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The mini-batches of a workload, made up front, as the iterator {@code sd.fit} wants. Asynchronous
 * prefetching is declined: the data is already in memory, and a prefetch thread would only compete
 * for the two cores.
 */
final class Batches implements DataSetIterator {
    private final List<DataSet> batches;
    private int next;
    private DataSetPreProcessor preProcessor;

    Batches(List<DataSet> batches) {
        this.batches = batches;
    }

    @Override public boolean hasNext() { return next < batches.size(); }
    @Override public DataSet next() { return batches.get(next++); }
    @Override public DataSet next(int num) { return next(); }
    @Override public boolean resetSupported() { return true; }
    @Override public boolean asyncSupported() { return false; }
    @Override public void reset() { next = 0; }
    @Override public int batch() { return (int) batches.get(0).getFeatures().size(0); }
    @Override public int inputColumns() { return (int) batches.get(0).getFeatures().size(1); }
    @Override public int totalOutcomes() { return (int) batches.get(0).getLabels().size(1); }
    @Override public void setPreProcessor(DataSetPreProcessor p) { preProcessor = p; }
    @Override public DataSetPreProcessor getPreProcessor() { return preProcessor; }
    @Override public List<String> getLabels() { return null; }
}
