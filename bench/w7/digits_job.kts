// W7, the whole job as a user times it, written with Descent's Kotlin DSL as a user would (the same
// job as DigitsJob.java and digits_job.py). One JSON line per result; exit status 1 below 0.9 accuracy.
//
//   ./descent run bench/w7/digits_job.kts [CSV] [OUT_DIR]

val csv = args.getOrNull(0) ?: "examples/src/main/resources/datasets/digits.csv.gz"
val out = args.getOrNull(1)?.let { java.nio.file.Path.of(it) } ?: java.nio.file.Files.createTempDirectory("w7-kotlin-")
val digits = readCsv(csv, header = false, labels = LabelEncoding.CLASS_INDEX)
val (train, test) = digits.split(0.8, seed = 1).standardized("x")

val net = sequential(input = 64, seed = 1) {
    dense(32, activation = relu)
    dense(10)
}

fun emit(metric: String, value: Double, unit: String) =
    println("""{"impl": "ours-kts", "workload": "W7", "metric": "$metric", "value": $value, "unit": "$unit"}""")

Model(net, crossEntropy).use { model ->
    model.fit(train) {
        optimizer = sgd(lr = 0.05, momentum = 0.9)
        batchSize = 32
        seed = 1
        epochs = 10
        quiet()
    }
    val scores = model.evaluate(test, accuracy)
    model.save(out.resolve("digits-mlp.descent").toString())
    val acc = scores.getValue("accuracy")
    emit("test_accuracy", acc, "fraction")
    emit("test_loss", scores.getValue("loss"), "nats")
    emit("ok", if (acc >= 0.9) 1.0 else 0.0, "bool")
    if (acc < 0.9) kotlin.system.exitProcess(1)
}
