package dev.descent.optim;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The update-rule SPI: a pure kernel over one parameter, its gradient and its explicit state.
 * Implementations are immutable configurations validated on construction; the kernel updates
 * {@code param} in place.
 *
 * <pre>{@code
 * UpdateRule rule = Sgd.builder().lr(0.01).momentum(0.9).build();
 * ParamState s = rule.initState(w);
 * rule.apply(w, gradW, s, rule.lr());
 * }</pre>
 */
public interface UpdateRule {

    /** Registry name, e.g. {@code "sgd"}. */
    String name();

    /** The base learning rate (schedules scale from it). */
    double lr();

    /** Hyper-parameters by their torch names (for display, checkpoints and parity reports). */
    Map<String, Object> hyperParameters();

    /**
     * The same rule with some hyper-parameters replaced (by torch name); used for parameter groups.
     * Validated like the original.
     */
    UpdateRule withOverrides(Map<String, Object> overrides);

    /** Fresh state for one parameter; buffers may be created lazily by {@link #apply}. */
    ParamState initState(INDArray param);

    /**
     * Applies one update in place. {@code grad} is read, never written. {@code lr} is the
     * learning rate in force for this step (the base rate or a schedule's value).
     */
    void apply(INDArray param, INDArray grad, ParamState state, double lr);
}
