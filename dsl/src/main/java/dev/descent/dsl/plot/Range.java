package dev.descent.dsl.plot;

/** An interval {@code [min, max]} given to a {@link SurfacePlot} builder: an axis or the colour scale. */
record Range(double min, double max) {
    /** What a builder holds until it is told a range. */
    static final Range UNSET = new Range(Double.NaN, Double.NaN);

    boolean isSet() {
        return !Double.isNaN(min) || !Double.isNaN(max);
    }

    double span() {
        return max - min;
    }

    boolean contains(double v) {
        return v >= min && v <= max;
    }

    /** @param name the builder method that set it, for the message */
    void check(String name) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException(name + " must be finite with min < max, got ["
                    + min + ", " + max + "]; call " + name + "(-2, 2) for example");
        }
    }
}
