/**
 * Data-parallel training on Apache Spark: full-batch gradient descent, single-sample SGD and
 * mini-batch training of a Descent model over an RDD (or a DataFrame) of samples.
 *
 * <p>The driver keeps the parameters, the optimizer, the schedule and the batch sampler; each step
 * it broadcasts the parameters once, every partition computes the gradient and loss sums of its
 * share of the step's samples with the model compiled once per executor JVM, the sums are added in
 * partition order (a tree of fixed shape), and the driver applies the optimizer. Because the batches
 * come from the same {@link dev.descent.data.Batching} samplers as local training, a Spark run matches
 * {@link dev.descent.train.Trainer} on the same data to float tolerance, and because the sums' order
 * is fixed, it is reproducible to the bit however tasks are scheduled, retried or lost. Kryo users
 * register {@link dev.descent.spark.DescentKryoRegistrator}.
 *
 * <pre>{@code
 * JavaRDD<Sample> samples = sc.parallelize(list, 8);
 * try (SparkTrainer t = SparkTrainer.builder(model.graph(), samples)
 *         .optimizer(Sgd.builder().lr(0.05).momentum(0.9).build())
 *         .batching(Batching.miniBatch(64).seed(7))
 *         .epochs(10)
 *         .build()) {
 *     History h = t.fit();
 * }
 * }</pre>
 */
@NullMarked
package dev.descent.spark;

import org.jspecify.annotations.NullMarked;
