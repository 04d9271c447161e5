/**
 * Runnable examples of training on Spark: {@link dev.descent.spark.examples.SparkCsvTraining} fits a
 * model to a CSV file in local mode or, through {@code spark-submit}, on a cluster.
 */
@NullMarked
package dev.descent.spark.examples;

import org.jspecify.annotations.NullMarked;
