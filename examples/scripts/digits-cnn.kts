// The 8×8 handwritten digits as one-channel 8×8 images through a small CNN: conv 8@3×3 → ReLU →
// max-pool 2 → conv 16@3×3 → ReLU → max-pool 2 → 10, cross-entropy, SGD with momentum on
// mini-batches, inputs standardised with the training part's statistics.
//
//   ./descent run examples/scripts/digits-cnn.kts [epochs]

val epochCount = args.firstOrNull()?.toInt() ?: 8
val digits = readCsvResource("datasets/digits.csv.gz", header = false, labels = LabelEncoding.CLASS_INDEX)
val (flatTrain, flatTest) = digits.split(0.8, seed = 1).standardized("x")
// rows of 64 pixels as [1, 8, 8] images (channels, height, width, as torch's NCHW)
fun images(d: Dataset) = dataset("x" to d["x"].reshape(d.size.toLong(), 1, 8, 8), "y" to d["y"])
val train = images(flatTrain)
val test = images(flatTest)

val net = sequential(input = intArrayOf(1, 8, 8), seed = 1) {
    conv2d(8, kernel = 3, padding = 1, activation = relu)
    maxPool2d(2)
    conv2d(16, kernel = 3, padding = 1, activation = relu)
    maxPool2d(2)
    flatten()
    dense(10)
}

Model(net, crossEntropy).use { model ->
    val history = model.fit(train) {
        optimizer = sgd(lr = 0.05, momentum = 0.9)
        batchSize = 32
        seed = 1
        epochs = epochCount
        quiet()
    }
    val scores = model.evaluate(test, accuracy)
    println("%d training and %d held-out digits, %d epochs, %d steps, %d parameters".format(train.size, test.size,
        history.epochs.size, history.steps.size, model.parameters.values.sumOf { it.size }))
    println("test accuracy %.4f, test loss %.4f".format(scores.getValue("accuracy"), scores.getValue("loss")))
}
