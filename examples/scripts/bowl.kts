// Gradient descent and noisy SGD on f(x, y) = x² + y² from (1, 1), lr 0.1, with both paths drawn
// on the function's heat map. The noise is what SGD sees through a random sample: the objective
// x² + y² + n_x·x + n_y·y, with (n_x, n_y) drawn per step, has the gradient (2x + n_x, 2y + n_y),
// the true gradient plus zero-mean noise.
//
//   ./descent run examples/scripts/bowl.kts [output folder, default descent-out] [steps]

val out = Path.of(args.getOrNull(0) ?: "descent-out").createDirectories()
val stepCount = args.getOrNull(1)?.toInt() ?: 40
val sigma = 1.0

val x = param("x", 1.0)
val y = param("y", 1.0)
val bowl = x * x + y * y

val gd = minimize(bowl) {
    optimizer = sgd(lr = 0.1)
    steps = stepCount
}

val rng = java.util.Random(7)
val noise = dataset(
    "n_x" to List(stepCount) { sigma * rng.nextGaussian() },
    "n_y" to List(stepCount) { sigma * rng.nextGaussian() },
)
val nx = input("n_x", 1)
val ny = input("n_y", 1)
val sgdPath = minimize(bowl + mean(nx) * x + mean(ny) * y, data = noise) {
    optimizer = sgd(lr = 0.1)
    batchSize = 1          // one noise row per step, in order
    shuffle = false
    steps = stepCount
}

val extent = (gd["x"] + gd["y"] + sgdPath["x"] + sgdPath["y"]).maxOf { abs(it) } + 0.25
val file = out.resolve("bowl-trajectories.png")
surfacePlot {
    title = "f(x, y) = x² + y² from (1, 1), lr 0.1, $stepCount steps"
    valueLabel = "x² + y²"
    function { u, v -> u * u + v * v }
    xRange = -extent..extent
    yRange = -extent..extent
    trajectory(gd.series("GD, exact gradient", "x", "y"))
    trajectory(sgdPath.series("SGD, gradient + N(0, 1) noise", "x", "y"))
}.savePng(file, 760, 760)

println("GD:  (%.4f, %.4f) -> (%.2e, %.2e) after %d steps".format(gd["x"].first(), gd["y"].first(),
    gd["x"].last(), gd["y"].last(), gd.steps))
println("SGD: (%.4f, %.4f) -> (%.4f, %.4f) after %d steps".format(sgdPath["x"].first(), sgdPath["y"].first(),
    sgdPath["x"].last(), sgdPath["y"].last(), sgdPath.steps))
println("plot: $file")
