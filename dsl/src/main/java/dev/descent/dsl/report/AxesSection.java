package dev.descent.dsl.report;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What a chart section shows around its plot, the same for a {@link LineChart} and a
 * {@link SurfaceView}: a title, a sentence under it, and the names of the x and y axes.
 */
public abstract sealed class AxesSection implements Section permits LineChart, SurfaceView {
    private final String title;
    private final String caption;
    private final String xLabel;
    private final String yLabel;

    AxesSection(Builder<?> b) {
        this.title = b.title;
        this.caption = b.caption;
        this.xLabel = b.xLabel;
        this.yLabel = b.yLabel;
    }

    public String title() {
        return title;
    }

    public String caption() {
        return caption;
    }

    public String xLabel() {
        return xLabel;
    }

    public String yLabel() {
        return yLabel;
    }

    /**
     * The setters both chart builders have.
     *
     * @param <B> the concrete builder, which each setter returns so that calls chain
     */
    public abstract static sealed class Builder<B extends Builder<B>> permits LineChart.Builder, SurfaceView.Builder {
        String title = "";
        String caption = "";
        String xLabel = "x";
        String yLabel = "y";

        Builder() {
        }

        public B title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return self();
        }

        /** A sentence under the title: what to look at. */
        public B caption(String caption) {
            this.caption = Objects.requireNonNull(caption, "caption");
            return self();
        }

        public B xLabel(String label) {
            this.xLabel = Objects.requireNonNull(label, "xLabel");
            return self();
        }

        public B yLabel(String label) {
            this.yLabel = Objects.requireNonNull(label, "yLabel");
            return self();
        }

        @SuppressWarnings("unchecked") // B is the subclass itself, by the declaration of each builder
        private B self() {
            return (B) this;
        }

        /**
         * @param kind what the items are in the message ({@code "curve"}, {@code "path"})
         * @throws IllegalArgumentException if two of {@code items} share a name (they label the legend)
         */
        <T> void requireUniqueNames(String chart, List<T> items, Function<T, String> name, String kind) {
            Set<String> names = new HashSet<>();
            for (T item : items) {
                if (!names.add(name.apply(item))) {
                    throw new IllegalArgumentException(chart + " '" + title + "': the " + kind + " name '" + name.apply(item)
                            + "' is used twice; legend labels must be unique");
                }
            }
        }
    }
}
