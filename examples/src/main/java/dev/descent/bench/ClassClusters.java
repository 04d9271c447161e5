package dev.descent.bench;

import dev.descent.data.Dataset;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Ten classes around random prototypes, drawn exactly as the harness's SameDiff peers draw them, so
 * that our losses and theirs come from the same data: ND4J's generator seeded {@code seed} draws
 * the prototypes [10, d] and then the noise [n, d], {@link Random} seeded {@code seed} the labels.
 */
final class ClassClusters {
    private ClassClusters() {
    }

    /**
     * Features {@code "x"} = (noise + spread · prototype of the sample's class) · scale, [n, d], and
     * class indices {@code "y"} [n] (as floats).
     */
    static Dataset draw(int n, int d, long seed, double spread, double scale) {
        Nd4j.getRandom().setSeed(seed);
        INDArray protos = Nd4j.randn(DataType.FLOAT, 10, d);
        Random labelRng = new Random(seed);
        float[] labels = new float[n];
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            labels[i] = labelRng.nextInt(10);
            oneHot.putScalar(i, (int) labels[i], 1f);
        }
        INDArray shift = oneHot.mmul(protos);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, d).addi(shift.muli(spread)).muli(scale);
        // free the temporaries (188 MB for W3's full set) now: left to the garbage collector, they
        // were sometimes released inside the timed epoch
        shift.close();
        oneHot.close();
        protos.close();
        return Dataset.of("x", x, "y", Nd4j.createFromArray(labels));
    }
}
