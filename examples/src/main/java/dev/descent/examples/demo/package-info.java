/**
 * {@code ./descent demo}: the library's guided tour, the way the source material teaches gradient
 * descent. It replays the two hand-computed steps, races GD, SGD and mini-batch descent on one linear
 * regression at an equal sample budget, walks the {@code x² + y²} bowl with exact and with noisy
 * gradients, trains an MLP on the 8×8 digits and writes every picture to an output folder.
 *
 * <p>{@link dev.descent.examples.demo.Demo} runs it all and prints a plain-text report; each part
 * lives in its own class ({@code SeedStepReplay}, {@code RegressionRace}, {@code NoisyBowl},
 * {@code DigitsClassifier}), {@code DemoPlots} draws the charts and {@code DemoReport} writes the interactive
 * {@code report.html}.
 */
@NullMarked
package dev.descent.examples.demo;

import org.jspecify.annotations.NullMarked;
