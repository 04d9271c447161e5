// The source material's two seed steps: pred = w·x, MSE, SGD lr 0.001, one full-batch step from w = 100.
// One sample x = y = 1 gives 99.8020; x = y = 1..10 as one batch gives 92.3770.
//
//   ./descent run examples/scripts/seeds.kts

/** w after one gradient-descent step from 100 on x = y = [xs]. */
fun stepFrom100(xs: List<Double>): Double {
    val x = input("x", 1)
    val w = param("w", 100.0)
    return Model(x * w, mse).use { model ->
        model.fit("x" to xs, "y" to xs) {
            optimizer = sgd(lr = 0.001)
            steps = 1
            quiet()
        }
        model["w"]
    }
}

println("one sample (x = y = 1):        w = 100 -> %.4f".format(stepFrom100(listOf(1.0))))
println("batch of ten (x = y = 1..10):  w = 100 -> %.4f".format(stepFrom100((1..10).map { it.toDouble() })))
