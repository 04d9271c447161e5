package dev.descent.dsl.chart;

/**
 * An interval {@code [min, max]} given to a surface's builder ({@code SurfacePlot}, {@code SurfaceView}): an axis's
 * extent or the colour scale. Made as given; {@link #check} says whether it is one.
 */
public record Range(double min, double max) {
    /** What a builder holds until it is told a range. */
    public static final Range UNSET = new Range(Double.NaN, Double.NaN);

    /** Whether it was told (either end is a number). */
    public boolean isSet() {
        return !Double.isNaN(min) || !Double.isNaN(max);
    }

    public double span() {
        return max - min;
    }

    public boolean contains(double v) {
        return v >= min && v <= max;
    }

    /**
     * @param name the builder method that set it, for the message
     * @throws IllegalArgumentException unless both ends are finite and {@code min < max}
     */
    public void check(String name) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException(name + " must be finite with min < max, got ["
                    + min + ", " + max + "]; call " + name + "(-2, 2) for example");
        }
    }
}
