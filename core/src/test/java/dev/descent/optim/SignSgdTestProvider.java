package dev.descent.optim;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** A third-party rule registered from test resources, as a plug-in jar would: p -= lr * sign(g). */
public final class SignSgdTestProvider implements UpdateRuleProvider {
    @Override
    public String name() {
        return "SignSGD";
    }

    @Override
    public UpdateRule create(Map<String, Object> hyperParameters) {
        return new SignSgd(Hyper.number(hyperParameters, "lr", 0.01));
    }

    record SignSgd(double lr) implements UpdateRule {
        @Override
        public String name() {
            return "signsgd";
        }

        @Override
        public Map<String, Object> hyperParameters() {
            return Map.of("lr", lr);
        }

        @Override
        public UpdateRule withOverrides(Map<String, Object> overrides) {
            return new SignSgd(Hyper.number(overrides, "lr", lr));
        }

        @Override
        public ParamState initState(INDArray param) {
            return new ParamState();
        }

        @Override
        public void apply(INDArray param, INDArray grad, ParamState state, double stepLr) {
            param.subi(Transforms.sign(grad, true).muli(stepLr));
        }
    }
}
