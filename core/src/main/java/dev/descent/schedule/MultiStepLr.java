package dev.descent.schedule;

import java.util.Arrays;
import java.util.List;

/**
 * torch {@code MultiStepLR}: {@code base * gamma^(number of milestones <= t)}. Milestones are
 * sorted; like torch, a milestone listed twice applies {@code gamma} twice.
 */
record MultiStepLr(List<Long> milestones, double gamma, LrSchedule.Unit unit) implements LrSchedule {
    MultiStepLr {
        Check.notNull("milestones", milestones);
        long[] sorted = new long[milestones.size()];
        for (int i = 0; i < sorted.length; i++) {
            Long m = milestones.get(i);
            if (m == null || m < 0) {
                throw new IllegalArgumentException("Invalid milestones: " + milestones
                        + " (every milestone must be a step or epoch number >= 0)");
            }
            sorted[i] = m;
        }
        Arrays.sort(sorted);
        milestones = Arrays.stream(sorted).boxed().toList();
        Check.positiveFinite("gamma", gamma);
        Check.notNull("unit", unit);
    }

    @Override
    public double lr(double baseLr, long t) {
        Check.baseLr(baseLr);
        Check.t(t);
        int passed = 0; // bisect_right(milestones, t)
        for (long m : milestones) {
            if (m <= t) {
                passed++;
            }
        }
        return baseLr * Math.pow(gamma, passed);
    }
}
