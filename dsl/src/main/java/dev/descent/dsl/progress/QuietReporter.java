package dev.descent.dsl.progress;

import java.util.function.LongSupplier;

/** {@link ProgressReporter#quiet()}. */
final class QuietReporter extends AbstractReporter {
    QuietReporter(LongSupplier nanoClock) {
        super(Mode.QUIET, nanoClock);
    }

    @Override
    void onStart() {}

    @Override
    void onUpdate() {}

    @Override
    void onFinish() {}
}
