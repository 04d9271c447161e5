/**
 * Named lines of points ({@link dev.descent.dsl.chart.Series}) and the ones a training
 * {@link dev.descent.train.History} gives ({@link dev.descent.dsl.chart.HistorySeries}: loss against
 * steps or samples processed, per-epoch values, parameter paths): the data that both the static charts
 * ({@code dev.descent.dsl.plot}) and the interactive reports ({@code dev.descent.dsl.report}) draw;
 * and what their builders share, said once for both: {@link dev.descent.dsl.chart.AxesBuilder} (title, caption,
 * axis names, together a {@link dev.descent.dsl.chart.ChartText}; the named items drawn), {@link dev.descent.dsl.chart.LinesBuilder} (log axes of a line chart),
 * {@link dev.descent.dsl.chart.SurfaceBuilder} (a surface's function and {@link dev.descent.dsl.chart.Range}s).
 */
@NullMarked
package dev.descent.dsl.chart;

import org.jspecify.annotations.NullMarked;
