/**
 * The fluent, Kotlin-friendly front end: {@link dev.descent.dsl.Model} (declare, train, evaluate,
 * predict, save), {@link dev.descent.dsl.TrainingConfig} (optimizer, batching, schedule, clipping,
 * validation, stop rules, progress, listeners — validated in one place) and
 * {@link dev.descent.dsl.Descent} (static factories, incl. optimizer specs such as {@code sgd(0.01).momentum(0.9).nesterov()}).
 * {@link dev.descent.dsl.Descent} gathers the static entry points for one import.
 */
@NullMarked
package dev.descent.dsl;

import org.jspecify.annotations.NullMarked;
