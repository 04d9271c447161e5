// GD vs SGD vs mini-batch on one line, y = 3x + 2 + noise, fitted by pred = w·x + b from w = b = 0
// with the same learning rate and the same budget: every variant processes the same number of
// samples (the source material's cost measure). GD pays N samples per step, SGD 1, mini-batch B.
//
//   ./descent run examples/scripts/race.kts [epochs]

val budget = args.firstOrNull()?.toInt() ?: 10   // epochs: passes over the data
val n = 500
val rng = java.util.Random(1)
val xs = List(n) { 2 * rng.nextDouble() - 1 }
val ys = xs.map { 3 * it + 2 + 0.1 * rng.nextGaussian() }
val data = dataset("x" to xs, "y" to ys)

/** One variant's run: how far it got, and what it cost. */
data class Run(val name: String, val steps: Int, val samples: Long, val mse: Double, val w: Double, val b: Double,
               val samplesToTarget: Long?)

val target = 0.05

fun race(name: String, batching: TrainingScope.() -> Unit): Run =
    Model(input("x", 1) * param("w", 0.0) + param("b", 0.0), mse).use { model ->
        var reached: Long? = null
        val history = model.fit(data) {
            optimizer = sgd(lr = 0.1)
            epochs = budget
            seed = 3
            quiet()
            batching()
            onStep { step ->   // the loss on all N points, after this step
                if (reached == null && model.evaluate(data).getValue("loss") <= target) reached = step.totalSamples
            }
        }
        Run(name, history.steps.size, history.last.totalSamples, model.evaluate(data).getValue("loss"),
            model["w"], model["b"], reached)
    }

val runs = listOf(
    race("GD") { fullBatch() },
    race("SGD") { singleSample() },
    race("mini-batch") { batchSize = 25 },
)

println("y = 3x + 2 + noise, N = $n points, lr 0.1, $budget epochs each: the same samples for every variant")
println("%-11s %6s %8s %10s %7s %7s %s".format("variant", "steps", "samples", "final MSE", "w", "b",
    "samples until MSE <= $target"))
for (r in runs) {
    println("%-11s %6d %8d %10.5f %7.3f %7.3f %s".format(r.name, r.steps, r.samples, r.mse, r.w, r.b,
        r.samplesToTarget?.toString() ?: "not reached"))
}
