package dev.descent.dsl.report;

/**
 * One part of a {@link Report}, drawn in the order added: a {@link SurfaceView}, a {@link LineChart},
 * a {@link ConfusionMatrix} or a {@link Text}.
 */
public sealed interface Section permits AxesSection, ConfusionMatrix, Text {
}
