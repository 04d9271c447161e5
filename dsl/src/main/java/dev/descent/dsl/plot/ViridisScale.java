package dev.descent.dsl.plot;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

/**
 * Viridis colour map (perceptually uniform, colour-blind safe, readable in greyscale) over
 * {@code [lower, upper]}; values outside are clamped and NaN is transparent.
 */
record ViridisScale(double lower, double upper) implements PaintScale {
    /** viridis at 9 evenly spaced stops (the matplotlib/viridisLite values). */
    private static final int[] STOPS = {
        0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21908C, 0x27AD81, 0x5DC863, 0xAADC32, 0xFDE725,
    };
    private static final Color[] TABLE = buildTable(256);
    private static final Color TRANSPARENT = new Color(0, 0, 0, 0);

    ViridisScale {
        if (!(lower < upper) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException("colour range must be finite with lower < upper, got ["
                    + lower + ", " + upper + "]");
        }
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        if (Double.isNaN(value)) {
            return TRANSPARENT;
        }
        double t = (value - lower) / (upper - lower);
        t = Math.max(0, Math.min(1, t));
        return TABLE[(int) Math.round(t * (TABLE.length - 1))];
    }

    private static Color[] buildTable(int n) {
        Color[] table = new Color[n];
        for (int i = 0; i < n; i++) {
            double pos = (double) i / (n - 1) * (STOPS.length - 1);
            int k = Math.min((int) pos, STOPS.length - 2);
            double f = pos - k;
            table[i] = new Color(mix(STOPS[k] >> 16, STOPS[k + 1] >> 16, f),
                    mix(STOPS[k] >> 8, STOPS[k + 1] >> 8, f), mix(STOPS[k], STOPS[k + 1], f));
        }
        return table;
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round((a & 0xff) * (1 - f) + (b & 0xff) * f);
    }
}
