// An interactive report from a model script: fit pred = w·x + b to 200 noisy points of y = 3x - 0.5
// three ways from w = b = 0 (GD, SGD, mini-batches of 20; lr 0.1; 20 epochs each), record (w, b) along
// the way, and write one HTML file: the MSE over (w, b) in 3D with the three paths on it (drag to
// turn it, hover a step), and the losses against steps and against samples processed.
//
//   ./descent run examples/scripts/LossLandscape.java [out.html]     (default: loss-landscape.html)
import static dev.descent.dsl.Descent.*;

import dev.descent.data.Dataset;
import dev.descent.data.Rng;
import dev.descent.dsl.Model;
import dev.descent.dsl.TrainingConfig;
import dev.descent.dsl.loss.Loss;
import dev.descent.dsl.chart.HistorySeries;
import dev.descent.dsl.chart.Series;
import dev.descent.dsl.report.Report;
import dev.descent.dsl.report.Trajectory;
import dev.descent.graph.Expr;
import dev.descent.train.History;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

public class LossLandscape {
    static final int N = 200;
    static final int EPOCHS = 20;

    /** One run of pred = w·x + b from w = b = 0, recording (w, b) every {@code stride} steps. */
    static History fit(Dataset data, UnaryOperator<TrainingConfig.Builder> batching, int stride) {
        Expr x = input("x", 1);
        Expr w = param("w", 0.0);
        Expr b = param("b", 0.0);
        try (Model model = Model.of(x.times(w).plus(b), Loss.mse())) {
            return model.fit(data, t -> batching.apply(t.optimizer(sgd(0.1)).seed(5).epochs(EPOCHS)
                    .trajectoryStride(stride).quiet()));
        }
    }

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "loss-landscape.html").toAbsolutePath();
        Rng rng = new Rng(1);
        double[] xs = new double[N];
        double[] ys = new double[N];
        for (int i = 0; i < N; i++) {
            xs[i] = 2 * rng.nextDouble() - 1;
            ys[i] = 3 * xs[i] - 0.5 + 0.3 * rng.nextGaussian();
        }
        Dataset data = data("x", column(xs), "y", column(ys));

        List<Run> runs = List.of(
                new Run("GD", fit(data, TrainingConfig.Builder::fullBatch, 1)),
                new Run("SGD", fit(data, TrainingConfig.Builder::singleSample, 20)),   // 4,000 steps: every 20th
                new Run("mini-batch", fit(data, t -> t.miniBatch(20), 1)));

        // the loss surface itself: the MSE on all points at every (w, b)
        Report.Builder report = Report.builder()
                .title("Loss landscape of pred = w·x + b")
                .subtitle(N + " points of y = 3x - 0.5 + noise; lr 0.1, " + EPOCHS + " epochs each, from w = b = 0")
                .surface(s -> {
                    s.title("MSE over (w, b) with the three paths").xLabel("w").yLabel("b").zLabel("MSE")
                            .function((w, b) -> {
                                double sum = 0;
                                for (int i = 0; i < N; i++) {
                                    double e = w * xs[i] + b - ys[i];
                                    sum += e * e;
                                }
                                return sum / N;
                            })
                            .xRange(-0.5, 4).yRange(-2, 1.5);
                    runs.forEach(r -> s.path(Trajectory.of(r.name(), r.history(), "w", "b")));
                });
        report.lineChart(c -> {
            c.title("Loss of each step's batch vs steps").xLabel("step").yLabel("batch MSE").logX(true).logY(true);
            runs.forEach(r -> c.curve(HistorySeries.lossVsStep(r.name(), r.history())));
        });
        report.lineChart(c -> {
            c.title("Loss of each step's batch vs samples processed").xLabel("samples processed").yLabel("batch MSE").logY(true);
            runs.forEach(r -> c.curve(HistorySeries.lossVsSamples(r.name(), r.history())));
        });
        report.build().write(out);

        for (Run r : runs) {
            History.Snapshot end = r.history().trajectory().get(r.history().trajectory().size() - 1);
            System.out.printf("%-10s %,5d steps, ends at w = %.3f, b = %.3f%n", r.name(), r.history().steps().size(),
                    end.params().get("w")[0], end.params().get("b")[0]);
        }
        System.out.println("wrote " + out + " (open it in a browser: drag the surface to turn it)");
    }

    record Run(String name, History history) {
    }
}
