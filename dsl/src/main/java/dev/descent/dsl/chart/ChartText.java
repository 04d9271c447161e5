package dev.descent.dsl.chart;

import java.util.Objects;

/**
 * The words around a chart, as its builder was given them: a title and a caption under it ({@code ""}
 * for none) and the names of the x and y axes.
 */
public record ChartText(String title, String caption, String xLabel, String yLabel) {
    public ChartText {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(xLabel, "xLabel");
        Objects.requireNonNull(yLabel, "yLabel");
    }
}
