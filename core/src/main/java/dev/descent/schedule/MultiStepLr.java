package dev.descent.schedule;

import java.util.Arrays;
import java.util.List;

/**
 * torch {@code MultiStepLR}: {@code base * gamma^(number of milestones <= t)}. Milestones are
 * sorted; like torch, a milestone listed twice applies {@code gamma} twice.
 */
record MultiStepLr(List<Long> milestones, double gamma) implements GammaDecay {
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
    }

    /** {@code bisect_right(milestones, t)}. */
    @Override
    public long decays(long t) {
        int passed = 0;
        for (long m : milestones) {
            if (m <= t) {
                passed++;
            }
        }
        return passed;
    }
}
