package dev.descent.dsl.chart;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What every chart builder has, for the PNG/SVG charts of {@code plot} and the HTML sections of
 * {@code report} alike: a title, a caption under it, the names of the x and y axes, and the items drawn (lines, paths),
 * added one or a collection at a time, whose names label the legend and must be unique.
 *
 * @param <B> the concrete builder, which each setter returns so that calls chain
 * @param <T> what the chart draws, e.g. {@link Series}
 */
public abstract class AxesBuilder<B extends AxesBuilder<B, T>, T> {
    private String title = "";
    private String caption = "";
    private String xLabel = "x";
    private String yLabel = "y";
    private final List<T> items = new ArrayList<>();
    private final Function<T, String> itemName;

    /** @param itemName an item's legend label */
    protected AxesBuilder(Function<T, String> itemName) {
        this.itemName = itemName;
    }

    public B title(String title) {
        this.title = Objects.requireNonNull(title, "title");
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

    /** The title set so far ({@code ""} when none). */
    public String title() {
        return title;
    }

    /** The x axis's name so far (default {@code "x"}). */
    public String xLabel() {
        return xLabel;
    }

    /** The y axis's name so far (default {@code "y"}). */
    public String yLabel() {
        return yLabel;
    }

    /** The title, caption and axis names set so far, as one value. */
    public ChartText text() {
        return new ChartText(title, caption, xLabel, yLabel);
    }

    /** A sentence under the title: what to look at. Default none. */
    public B caption(String caption) {
        this.caption = Objects.requireNonNull(caption, "caption");
        return self();
    }

    /** The caption set so far ({@code ""} when none). */
    public String caption() {
        return caption;
    }

    @SuppressWarnings("unchecked") // B is the subclass itself, by the declaration of each builder
    protected final B self() {
        return (B) this;
    }

    /**
     * Adds an item to draw; the concrete builder's setter ({@code series}, {@code curve}, ...) calls it.
     *
     * @param what the setter's parameter, named when {@code item} is null
     */
    protected final B add(T item, String what) {
        items.add(Objects.requireNonNull(item, what));
        return self();
    }

    /** Adds every item of {@code all}, in its order. */
    protected final B addAll(Collection<T> all, String what) {
        for (T item : Objects.requireNonNull(all, what)) {
            add(item, what);
        }
        return self();
    }

    /** The items added so far, in order (a read-only view). */
    public final List<T> items() {
        return Collections.unmodifiableList(items);
    }

    /**
     * @param kind what the items are, starting the message ({@code "Series"}, {@code "Trajectory"})
     * @param hint appended to the message, e.g. how to tell two runs apart
     * @throws IllegalArgumentException if two items share a name (they label the legend)
     */
    protected final void requireUniqueNames(String kind, String hint) {
        Set<String> names = new HashSet<>();
        for (T item : items) {
            if (!names.add(itemName.apply(item))) {
                throw new IllegalArgumentException(kind + " name '" + itemName.apply(item) + "' is used twice"
                        + (title.isEmpty() ? "" : " in '" + title + "'") + "; legend labels must be unique" + hint);
            }
        }
    }
}
