package dev.descent.dsl.chart;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What a surface's builder adds to {@link AxesBuilder}, for the PNG/SVG {@code SurfacePlot} and the
 * HTML {@code SurfaceView} alike: the function {@code f(x, y)} and the rectangle it is drawn over,
 * both required, checked by {@link #function()} and {@link #xRange()}/{@link #yRange()}.
 *
 * @param <B> the concrete builder, which each setter returns so that calls chain
 * @param <T> what is drawn on the surface (optimizer paths)
 */
public abstract class SurfaceBuilder<B extends SurfaceBuilder<B, T>, T> extends AxesBuilder<B, T> {
    private final String kind;
    private @Nullable DoubleBinaryOperator function;
    private Range x = Range.UNSET;
    private Range y = Range.UNSET;

    /**
     * @param kind     what is built, starting the message when the function is missing ({@code "SurfacePlot"})
     * @param itemName a path's legend label
     */
    protected SurfaceBuilder(String kind, Function<T, String> itemName) {
        super(itemName);
        this.kind = kind;
    }

    /** The function to draw; required. */
    public B function(DoubleBinaryOperator f) {
        this.function = Objects.requireNonNull(f, "function");
        return self();
    }

    /** Horizontal extent {@code [min, max]}; required. */
    public B xRange(double min, double max) {
        this.x = new Range(min, max);
        return self();
    }

    /** Vertical extent {@code [min, max]}; required. */
    public B yRange(double min, double max) {
        this.y = new Range(min, max);
        return self();
    }

    /** @throws IllegalArgumentException if no function was given */
    public DoubleBinaryOperator function() {
        DoubleBinaryOperator f = function;
        if (f == null) {
            throw new IllegalArgumentException(kind + (title().isEmpty() ? "" : " '" + title() + "'")
                    + " needs a function; call function((x, y) -> x * x + y * y)");
        }
        return f;
    }

    /** @throws IllegalArgumentException unless xRange was given, finite with {@code min < max} */
    public Range xRange() {
        x.check("xRange");
        return x;
    }

    /** @throws IllegalArgumentException unless yRange was given, finite with {@code min < max} */
    public Range yRange() {
        y.check("yRange");
        return y;
    }

    /**
     * @param max  the most cells per axis this chart draws
     * @param hint what usually works, ending the message
     * @throws IllegalArgumentException unless every count of {@code cells} is in {@code 2..max}
     */
    protected static void checkResolution(int max, String hint, int... cells) {
        for (int c : cells) {
            if (c < 2 || c > max) {
                throw new IllegalArgumentException("resolution must be 2.." + max + " cells per axis, got "
                        + Arrays.stream(cells).mapToObj(Integer::toString).collect(Collectors.joining("x"))
                        + "; " + hint);
            }
        }
    }
}
