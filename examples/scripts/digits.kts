// The 8×8 handwritten digits (1,797 images, 10 classes): a 64-32-10 ReLU network trained with
// cross-entropy and SGD with momentum on mini-batches, inputs standardised with the training part's
// statistics, accuracy on the held-out 20% after every epoch.
//
//   ./descent run examples/scripts/digits.kts [epochs]

val epochCount = args.firstOrNull()?.toInt() ?: 20
val digits = readCsvResource("datasets/digits.csv.gz", header = false, labels = LabelEncoding.CLASS_INDEX)
val (train, test) = digits.split(0.8, seed = 1).standardized("x")

val net = sequential(input = 64, seed = 1) {
    dense(32, activation = relu)
    dense(10)
}

Model(net, crossEntropy).use { model ->
    val history = model.fit(train) {
        optimizer = sgd(lr = 0.05, momentum = 0.9)
        batchSize = 32
        seed = 1
        epochs = epochCount
        validation = test
        metrics(accuracy)
        quiet()
        onEpoch { e ->
            if ((e.epoch + 1) % 5 == 0L) {
                println("epoch %3d: loss %.4f, held-out accuracy %.4f".format(e.epoch + 1, e.meanLoss,
                    e.metrics.getValue("val_accuracy")))
            }
        }
    }
    val scores = model.evaluate(test, accuracy)
    val wrong = model.classify(test).zip(test["y"].toIntVector().toList()).count { (guess, truth) -> guess != truth }
    println("%d training and %d held-out digits, %d epochs, %d steps".format(train.size, test.size,
        history.epochs.size, history.steps.size))
    println("test accuracy %.4f (%d of %d wrong), test loss %.4f".format(scores.getValue("accuracy"), wrong,
        test.size, scores.getValue("loss")))
}
