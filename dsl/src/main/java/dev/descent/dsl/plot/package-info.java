/**
 * Headless charts of training runs: {@link dev.descent.dsl.plot.LinePlot} (loss or accuracy
 * against step, samples or epoch, one {@link dev.descent.dsl.chart.Series} per run) and
 * {@link dev.descent.dsl.plot.SurfacePlot} (a heat map of a 2-D function with optimizer
 * trajectories drawn on top). Both produce a {@link dev.descent.dsl.plot.Chart}, which saves
 * itself as PNG or SVG through {@link dev.descent.io.AtomicFiles}.
 *
 * <p>Rendering is done with JFreeChart in headless mode; the package switches
 * {@code java.awt.headless} on before its first AWT use unless the application has set it.
 */
@NullMarked
package dev.descent.dsl.plot;

import org.jspecify.annotations.NullMarked;
