// A classifier in JShell: three Gaussian blobs in 2-D, a 2-16-3 tanh network, cross-entropy,
// SGD with momentum, then accuracy on fresh points. Arguments: [epochs].
//
//   ./descent run examples/scripts/Classifier.jsh [epochs]
import static dev.descent.dsl.Descent.*;
import dev.descent.data.Dataset;
import dev.descent.data.Rng;
import dev.descent.dsl.Model;
import dev.descent.dsl.loss.Loss;
import dev.descent.dsl.metric.Metric;
import dev.descent.dsl.nn.Activation;
import org.nd4j.linalg.factory.Nd4j;

/** n points around three centres, labels 0..2 (class indices). */
Dataset blobs(int n, long seed) {
    Rng rng = new Rng(seed);
    float[][] x = new float[n][2];
    float[] y = new float[n];
    double[][] centres = {{-2, 0}, {2, 0}, {0, 2.5}};
    for (int i = 0; i < n; i++) {
        int c = i % 3;
        x[i][0] = (float) (centres[c][0] + 0.5 * rng.nextGaussian());
        x[i][1] = (float) (centres[c][1] + 0.5 * rng.nextGaussian());
        y[i] = c;
    }
    return Dataset.of("x", Nd4j.createFromArray(x), "y", Nd4j.createFromArray(y));
}

int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
var net = sequential(s -> s.input(2).dense(16, Activation.tanh()).dense(3).seed(3));
var model = Model.of(net, Loss.crossEntropy());
var history = model.fit(blobs(300, 1), t -> t.optimizer(sgd(0.1).momentum(0.9)).miniBatch(32).seed(5)
        .epochs(epochs).quiet());
var scores = model.evaluate(blobs(150, 99), Metric.accuracy());
System.out.printf("epochs %d, first epoch loss %.4f, last %.4f%n", history.epochs().size(),
        history.epochLosses()[0], history.epochLosses()[history.epochs().size() - 1]);
System.out.printf("test loss %.4f, test accuracy %.4f%n", scores.get("loss"), scores.get("accuracy"));
model.close();
/exit
