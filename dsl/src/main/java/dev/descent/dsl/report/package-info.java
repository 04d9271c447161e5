/**
 * Interactive HTML reports of training runs: {@link dev.descent.dsl.report.Report} gathers sections
 * — a loss surface in 3D with optimizer paths on it ({@link dev.descent.dsl.report.SurfaceView}), line
 * charts of losses and metrics ({@link dev.descent.dsl.report.LineChart}, one
 * {@link dev.descent.dsl.chart.Series} per run, e.g. from
 * {@link dev.descent.dsl.chart.HistorySeries}), confusion matrices
 * ({@link dev.descent.dsl.report.ConfusionMatrix}) and text — and writes them as one self-contained
 * HTML file through {@link dev.descent.io.AtomicFiles}.
 *
 * <pre>{@code
 * Report.builder().title("GD vs SGD")
 *         .surface(s -> s.title("x² + y²").function((x, y) -> x * x + y * y).xRange(-1.5, 1.5).yRange(-1.5, 1.5)
 *                 .path(Trajectory.of("GD", gd, "x", "y")).path(Trajectory.of("SGD", sgd, "x", "y")))
 *         .lineChart(c -> c.title("Loss").xLabel("samples processed").yLabel("loss").logY(true)
 *                 .curve(HistorySeries.lossVsSamples("GD", gd)).curve(HistorySeries.lossVsSamples("SGD", sgd)))
 *         .build()
 *         .write(Path.of("report.html"));
 * }</pre>
 *
 * <p>Every script and style is inlined, Apache ECharts ({@code org.webjars.npm:echarts}, Apache-2.0)
 * included, so the file opens from disk with no network; its Content-Security-Policy forbids every
 * request. The 3D view is drawn with ECharts' 2D custom series over a mesh projected in the page, and
 * turns as it is dragged.
 */
@NullMarked
package dev.descent.dsl.report;

import org.jspecify.annotations.NullMarked;
