package dev.descent.kotlin

import dev.descent.data.Csv
import dev.descent.data.Standardizer
import org.nd4j.linalg.api.ndarray.INDArray
import org.nd4j.linalg.factory.Nd4j
import java.io.InputStreamReader
import java.io.Reader
import java.net.URL
import java.nio.file.Path
import java.util.zip.GZIPInputStream

/**
 * A data set from Kotlin values, each array under its name: `dataset("x" to xs, "y" to ys)`.
 * Samples run along the first axis. A value may be
 *
 * - a `DoubleArray`, `FloatArray` or `List<Double>` (or of other non-`Int` numbers): one value per sample, a column `[n, 1]` (what
 *   `input("x", 1)` and a one-unit output take);
 * - an `IntArray` or `List<Int>`: class indices, a vector `[n]` (what [crossEntropy] takes as its
 *   target);
 * - an `Array<DoubleArray>`, `Array<FloatArray>` or `List<DoubleArray>`: one row per sample, `[n, d]`;
 * - an ND4J `INDArray`, as it is.
 *
 * The arrays are checked as in Java (`Dataset.of`), with the same messages: the same number of
 * samples in every array (the message lists each array's count), at least one sample, distinct
 * names (and at least one array, said in Kotlin terms).
 *
 * @throws IllegalArgumentException for a value of another type, ragged rows, or what `Dataset.of` rejects
 */
public fun dataset(vararg arrays: Pair<String, Any>): Dataset {
    require(arrays.isNotEmpty()) { "A dataset needs at least one array, e.g. dataset(\"x\" to xs, \"y\" to ys)" }
    val map = LinkedHashMap<String, INDArray>()
    for ((name, value) in arrays) {
        require(name !in map) { "Duplicate array name \"$name\" (array names must be distinct)" }
        map[name] = toArray(name, value)
    }
    return Dataset.of(map)
}

/** The array for [value] under [name]: see [dataset] for what each Kotlin type becomes. */
internal fun toArray(name: String, value: Any): INDArray = when (value) {
    is INDArray -> value
    is DoubleArray -> column(FloatArray(value.size) { value[it].toFloat() })
    is FloatArray -> column(value.copyOf())
    is IntArray -> Nd4j.createFromArray(*FloatArray(value.size) { value[it].toFloat() })
    is Array<*> -> rows(name, value.asList())
    is List<*> -> when {
        value.isEmpty() -> column(FloatArray(0))
        value.all { it is Int } -> Nd4j.createFromArray(*FloatArray(value.size) { (value[it] as Int).toFloat() })
        value.all { it is Number } -> column(FloatArray(value.size) { (value[it] as Number).toFloat() })
        else -> rows(name, value)
    }
    else -> throw IllegalArgumentException("Array \"$name\" is a ${value.javaClass.simpleName}; a data set takes "
        + "DoubleArray, FloatArray or List<Double> (one value per sample), IntArray (class indices), "
        + "Array<DoubleArray>, Array<FloatArray> or List<DoubleArray> (one row per sample), or an INDArray")
}

private fun column(values: FloatArray): INDArray =
    if (values.isEmpty()) Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, 0, 1)
    else Nd4j.createFromArray(*values).reshape(values.size.toLong(), 1)

private fun rows(name: String, rows: List<*>): INDArray {
    if (rows.isEmpty()) {
        return Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, 0, 1)
    }
    val doubles = rows.mapIndexed { i, row ->
        when (row) {
            is DoubleArray -> row
            is FloatArray -> DoubleArray(row.size) { row[it].toDouble() }
            else -> throw IllegalArgumentException("Array \"$name\": row $i is a ${row?.javaClass?.simpleName ?: "null"}; "
                + "rows must be DoubleArray or FloatArray")
        }
    }
    return Nd4j.createFromArray(floatRows("Array \"$name\"", doubles))
}

/** The number of samples. */
public val Dataset.size: Int get() = size()

/** The array called [name], as ND4J holds it: `data["x"]`. */
public operator fun Dataset.get(name: String): INDArray = array(name)

/** The training part of a split: `val (train, validation) = data.split(0.8, seed = 1)`. */
public operator fun Split.component1(): Dataset = train()

/** The validation part of a split. */
public operator fun Split.component2(): Dataset = validation()

/**
 * Splits the samples at random into `round(trainFraction * size)` training samples and the rest;
 * the shuffle depends only on [seed] and the size.
 */
public fun Dataset.split(trainFraction: Double, seed: Long = 0): Split = split(trainFraction, seed)

/**
 * The split with the arrays [names] standardised (zero mean, unit variance per column) with
 * statistics of the training part only, the other arrays as they are:
 * `val (train, test) = digits.split(0.8, seed = 1).standardized("x")`.
 */
public fun Split.standardized(vararg names: String = arrayOf("x")): Split {
    val train = LinkedHashMap(train().arrays())
    val validation = LinkedHashMap(validation().arrays())
    for (name in names) {
        val st = Standardizer.fit(train().array(name))
        train[name] = st.transform(train().array(name))
        validation[name] = st.transform(validation().array(name))
    }
    return Split(Dataset.of(train).withLabelsOf(train()), Dataset.of(validation).withLabelsOf(validation()))
}

private fun Dataset.withLabelsOf(source: Dataset): Dataset =
    source.classLabels().entries.fold(this) { d, (name, labels) -> d.withClassLabels(name, labels) }

/**
 * Reads a CSV file (RFC 4180 quoting; gzip-compressed when its name ends in `.gz` or its content is
 * gzip) into `"x"` (every column that is neither a label nor skipped, `[n, d]`) and `"y"` (the label
 * columns, the last column unless [labelColumns] names them). Classes given as names (`"setosa"`)
 * become indices in sorted order, and the data set keeps the names, so a model trained on it answers
 * with them ([Model.predictLabels]). A malformed or missing value fails naming its line and column.
 *
 * @param labels how labels become `"y"`: `LabelEncoding.REGRESSION` (floats `[n, m]`),
 *   `CLASS_INDEX` (class indices `[n]`) or `ONE_HOT` (`[n, classes]`)
 * @param classes the number of classes for `ONE_HOT` (0: inferred)
 * @param skip columns left out unparsed (ids, text)
 * @param missing what a missing value does: `Missing.ERROR`, `DROP_ROW` or `FILL_MEAN`
 */
public fun readCsv(
    file: Path,
    header: Boolean = true,
    delimiter: Char = ',',
    labelColumns: List<String> = emptyList(),
    labels: LabelEncoding = LabelEncoding.REGRESSION,
    classes: Int = 0,
    skip: List<String> = emptyList(),
    missing: Missing = Missing.ERROR,
): Dataset = csv(header, delimiter, labelColumns, labels, classes).skipColumns(*skip.toTypedArray()).missing(missing).path(file).read()

/** [readCsv] of the file at [path]. */
public fun readCsv(
    path: String,
    header: Boolean = true,
    delimiter: Char = ',',
    labelColumns: List<String> = emptyList(),
    labels: LabelEncoding = LabelEncoding.REGRESSION,
    classes: Int = 0,
    skip: List<String> = emptyList(),
    missing: Missing = Missing.ERROR,
): Dataset = readCsv(Path.of(path), header, delimiter, labelColumns, labels, classes, skip, missing)

/**
 * [readCsv] of a resource on the class path (gzip-compressed when its name ends in `.gz`), e.g. the
 * examples' digits: `readCsvResource("datasets/digits.csv.gz", header = false, labels = LabelEncoding.CLASS_INDEX)`.
 *
 * @throws IllegalArgumentException if there is no such resource
 */
public fun readCsvResource(
    name: String,
    header: Boolean = true,
    delimiter: Char = ',',
    labelColumns: List<String> = emptyList(),
    labels: LabelEncoding = LabelEncoding.REGRESSION,
    classes: Int = 0,
): Dataset {
    val loader = Thread.currentThread().contextClassLoader ?: Dataset::class.java.classLoader
    val url: URL = loader.getResource(name.removePrefix("/"))
        ?: throw IllegalArgumentException("No resource \"$name\" on the class path")
    return reader(url.openStream(), gzip = name.endsWith(".gz")).use {
        csv(header, delimiter, labelColumns, labels, classes).read(it)
    }
}

private fun reader(stream: java.io.InputStream, gzip: Boolean): Reader =
    InputStreamReader(if (gzip) GZIPInputStream(stream) else stream, Charsets.UTF_8)

private fun csv(header: Boolean, delimiter: Char, labelColumns: List<String>, labels: LabelEncoding, classes: Int): Csv.Builder {
    val b = Csv.builder().header(header).delimiter(delimiter)
    if (labelColumns.isNotEmpty()) {
        b.labelColumns(*labelColumns.toTypedArray())
    }
    when (labels) {
        LabelEncoding.REGRESSION -> b.regression()
        LabelEncoding.CLASS_INDEX -> b.classIndex()
        LabelEncoding.ONE_HOT -> if (classes > 0) b.oneHot(classes) else b.oneHot()
    }
    return b
}
