package dev.descent.dsl.report;

import dev.descent.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An interactive report of training runs, written as one self-contained HTML file: every script
 * and style is inlined (Apache ECharts included), so it opens from disk, offline, in any current
 * browser, and can be mailed or archived as is.
 *
 * <pre>{@code
 * Report.builder()
 *         .title("GD vs SGD on x² + y²")
 *         .text("Both start at (1, 1) with lr 0.1; SGD sees the gradient through noise.")
 *         .surface(s -> s.title("The bowl").function((x, y) -> x * x + y * y)
 *                 .xRange(-1.5, 1.5).yRange(-1.5, 1.5)
 *                 .path(Trajectory.of("GD", gd, "x", "y")).path(Trajectory.of("SGD", sgd, "x", "y")))
 *         .lineChart(c -> c.title("Loss per step").xLabel("step").yLabel("loss").logY(true)
 *                 .curve(HistorySeries.lossVsStep("GD", gd)).curve(HistorySeries.lossVsStep("SGD", sgd)))
 *         .add(ConfusionMatrix.fromLogits("Held-out digits", model.predict(x), y))
 *         .build()
 *         .write(Path.of("report.html"));
 * }</pre>
 *
 * <p>Sections appear in the order added; surfaces and text take the page's full width, charts and
 * confusion matrices sit two to a row on a wide screen. The page sets a Content-Security-Policy that
 * forbids every network request, so what it shows is exactly what the file holds.
 */
public final class Report {
    private final String title;
    private final String subtitle;
    private final List<Section> sections;

    private Report(Builder b) {
        this.title = b.title;
        this.subtitle = b.subtitle;
        this.sections = List.copyOf(b.sections);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String title() {
        return title;
    }

    public String subtitle() {
        return subtitle;
    }

    public List<Section> sections() {
        return sections;
    }

    /** The whole page (about 1 MB, most of it ECharts). */
    public String toHtml() {
        return ReportHtml.render(this);
    }

    /**
     * Writes the page to {@code file} atomically (a reader or a crash sees the old file or the
     * complete new one, never a part).
     *
     * @return {@code file}
     * @throws dev.descent.DescentException if the folder does not exist
     * @throws java.io.UncheckedIOException if the file cannot be written
     */
    public Path write(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] bytes = toHtml().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.writeBytes(file, bytes);
        return file;
    }

    /** Mutable builder; {@link #build()} makes an immutable report. */
    public static final class Builder {
        private String title = "Training report";
        private String subtitle = "";
        private final List<Section> sections = new ArrayList<>();

        private Builder() {
        }

        /** The page's heading and window title. Default {@code "Training report"}. */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /** A line under the heading (what was run, where, when). */
        public Builder subtitle(String subtitle) {
            this.subtitle = Objects.requireNonNull(subtitle, "subtitle");
            return this;
        }

        /** Adds a section. */
        public Builder add(Section section) {
            sections.add(Objects.requireNonNull(section, "section"));
            return this;
        }

        /** Adds a paragraph of plain text. */
        public Builder text(String text) {
            return add(new Text(text));
        }

        public Builder surface(SurfaceView view) {
            return add(view);
        }

        /** Builds and adds a surface: {@code .surface(s -> s.function(...).xRange(...).yRange(...))}. */
        public Builder surface(Consumer<SurfaceView.Builder> spec) {
            return add(configured(SurfaceView.builder(), spec).build());
        }

        public Builder lineChart(LineChart chart) {
            return add(chart);
        }

        /** Builds and adds a line chart: {@code .lineChart(c -> c.title(...).curve(...))}. */
        public Builder lineChart(Consumer<LineChart.Builder> spec) {
            return add(configured(LineChart.builder(), spec).build());
        }

        /** {@code builder} after {@code spec} has set it up. */
        private static <B> B configured(B builder, Consumer<B> spec) {
            Objects.requireNonNull(spec, "spec").accept(builder);
            return builder;
        }

        public Builder confusionMatrix(ConfusionMatrix matrix) {
            return add(matrix);
        }

        /** @throws IllegalArgumentException without sections */
        public Report build() {
            if (sections.isEmpty()) {
                throw new IllegalArgumentException("Report '" + title + "' has no sections; add a surface, a line chart, a"
                        + " confusion matrix or text");
            }
            return new Report(this);
        }
    }
}
