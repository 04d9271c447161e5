package dev.descent.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The explicit optimizer state of one parameter: named buffers (like torch's
 * {@code state[p]['momentum_buffer']} or {@code state[p]['exp_avg']}), a step counter and transient
 * scratch arrays that are never exported. Buffers are created by the rule once (in
 * {@link UpdateRule#initState} or on the first step); later steps reuse them in place.
 */
public final class ParamState {
    private final Map<String, INDArray> buffers = new LinkedHashMap<>();
    private long step;
    private @Nullable INDArray scratch;
    private @Nullable Map<String, INDArray> work;

    public @Nullable INDArray buffer(String name) {
        return buffers.get(name);
    }

    public void putBuffer(String name, INDArray value) {
        buffers.put(name, value);
    }

    /** Named buffers (live). */
    public Map<String, INDArray> buffers() {
        return Collections.unmodifiableMap(buffers);
    }

    /** Updates applied so far. */
    public long step() {
        return step;
    }

    public void setStep(long step) {
        this.step = step;
    }

    /** A reusable work array shaped like {@code like}, allocated on first use only. */
    public INDArray scratch(INDArray like) {
        if (scratch == null || scratch.length() != like.length()) {
            scratch = like.ulike();
        }
        return scratch;
    }

    /**
     * A named reusable work array shaped like {@code like} (an update that needs more than one
     * temporary: {@code scratch("denom", p)}), allocated on first use only and never exported.
     */
    public INDArray scratch(String name, INDArray like) {
        if (work == null) {
            work = new LinkedHashMap<>();
        }
        INDArray w = work.get(name);
        if (w == null || w.length() != like.length() || w.dataType() != like.dataType()) {
            w = like.ulike();
            work.put(name, w);
        }
        return w;
    }

    /** A deep copy (for checkpoints): buffers duplicated, scratch dropped. */
    public ParamState copy() {
        ParamState c = new ParamState();
        buffers.forEach((k, v) -> c.buffers.put(k, v.dup()));
        c.step = step;
        return c;
    }
}
