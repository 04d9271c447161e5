/**
 * Learning-rate schedules with torch's formulas: {@link dev.descent.schedule.LrSchedule} maps a base
 * learning rate and a 0-based step or epoch counter to the rate in force, in closed form (no
 * hidden chain state), so a run resumes from a checkpoint by counter alone.
 * {@link dev.descent.schedule.LrSchedules} holds the factories (StepLR, MultiStepLR, ExponentialLR,
 * CosineAnnealingLR, CosineAnnealingWarmRestarts, linear warm-up, ReduceLROnPlateau). The one
 * stateful schedule, {@link dev.descent.schedule.ReduceLrOnPlateau}, exposes its state as
 * {@link dev.descent.schedule.PlateauState} for checkpoints.
 */
@NullMarked
package dev.descent.schedule;

import org.jspecify.annotations.NullMarked;
