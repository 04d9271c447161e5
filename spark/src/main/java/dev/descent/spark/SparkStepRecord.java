package dev.descent.spark;

import dev.descent.train.StepRecord;

/**
 * One distributed step: the same record local training keeps (loss, learning rate, samples, gradient
 * norm) plus where the step's time went.
 *
 * @param step            the step as {@link dev.descent.train.History} records it
 * @param broadcastMillis creating the parameter broadcast on the driver plus the slowest task's wait
 *                        to fetch it
 * @param computeMillis   the slowest task's own work: selecting its samples, forward and backward
 *                        pass, copying out the gradient sums (the step's critical path on executors)
 * @param aggregateMillis the rest of the distributed job: scheduling and launching tasks, shipping
 *                        partial sums back to the driver and adding them in partition order
 * @param updateMillis    the driver's work after the job: averaging the sums, clipping, the non-finite
 *                        check and the optimizer update (listeners and checkpoints come after it)
 * @param partitions      tasks the step ran (one per partition)
 * @param busyPartitions  partitions that held at least one of the step's samples
 */
public record SparkStepRecord(StepRecord step, double broadcastMillis, double computeMillis, double aggregateMillis,
        double updateMillis, int partitions, int busyPartitions) {

    /** The step's loss (over the whole batch). */
    public double loss() {
        return step.loss();
    }

    /** Wall time of the step on the driver. */
    public double totalMillis() {
        return broadcastMillis + computeMillis + aggregateMillis + updateMillis;
    }
}
