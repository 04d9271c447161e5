package dev.descent.optim;

import java.util.List;
import java.util.Map;

/**
 * Torch-style validation and keyword parsing shared by the update rules. Messages start exactly like
 * torch 1.13's ({@code "Invalid learning rate: -1.0"}) so users can search for them, then add a fix
 * in parentheses. NaN and infinities are rejected too (torch lets them through).
 */
final class TorchArgs {
    private TorchArgs() {
    }

    static void lr(double lr) {
        finiteNonNegative("learning rate", "lr", lr, ", e.g. 0.001");
    }

    static void eps(double eps) {
        finiteNonNegative("epsilon value", "eps", eps, ", e.g. 1e-8");
    }

    static void beta(int index, double beta) {
        if (!(beta >= 0.0 && beta < 1.0)) {
            throw new IllegalArgumentException("Invalid beta parameter at index " + index + ": " + beta
                    + " (each beta must lie in [0, 1), e.g. betas = (0.9, 0.999))");
        }
    }

    static void weightDecay(double wd) {
        finiteNonNegative("weight_decay value", "weight_decay", wd, ", e.g. 1e-4");
    }

    /** A decay rate in [0, 1] such as Adadelta's {@code rho} (torch: {@code "Invalid rho value: x"}). */
    static void unitInterval(String name, double v, String example) {
        if (!(v >= 0.0 && v <= 1.0)) {
            throw new IllegalArgumentException("Invalid " + name + " value: " + v + " (" + name
                    + " must lie in [0, 1], e.g. " + example + ")");
        }
    }

    /** torch's {@code "Invalid <name> value: x"} for a hyper-parameter that must be {@code >= 0}. */
    static void nonNegative(String name, double v, String example) {
        finiteNonNegative(name + " value", name, v, ", e.g. " + example);
    }

    /** {@code "Invalid <what>: <v> (<name> must be a finite number >= 0<example>)"} unless {@code v} is. */
    private static void finiteNonNegative(String what, String name, double v, String example) {
        if (!(v >= 0.0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("Invalid " + what + ": " + v + " (" + name
                    + " must be a finite number >= 0" + example + ")");
        }
    }

    /**
     * Reads Adam-style betas: torch's {@code betas} as a two-element list or {@code double[]}, or
     * the two numbers {@code beta1}/{@code beta2}; not both spellings at once.
     */
    static double[] betas(Map<String, Object> h, double beta1, double beta2) {
        Object pair = h.get("betas");
        if (pair != null) {
            if (h.containsKey("beta1") || h.containsKey("beta2")) {
                throw new IllegalArgumentException("Give betas either as 'betas' (a pair) or as 'beta1'/'beta2', not both;"
                        + " got " + h);
            }
            double[] b = pairOf(pair);
            return b;
        }
        return new double[] {Hyper.number(h, "beta1", beta1), Hyper.number(h, "beta2", beta2)};
    }

    private static double[] pairOf(Object pair) {
        if (pair instanceof double[] a && a.length == 2) {
            return a.clone();
        }
        if (pair instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number b1 && l.get(1) instanceof Number b2) {
            return new double[] {b1.doubleValue(), b2.doubleValue()};
        }
        throw new IllegalArgumentException("Invalid betas value: " + pair
                + " (betas must be two numbers, e.g. List.of(0.9, 0.999))");
    }
}
