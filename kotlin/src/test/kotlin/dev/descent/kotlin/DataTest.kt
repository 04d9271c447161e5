package dev.descent.kotlin

import dev.descent.data.Dataset as JavaDataset
import java.io.File
import java.nio.file.Path
import java.util.zip.GZIPOutputStream
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import org.junit.jupiter.api.io.TempDir
import org.nd4j.linalg.factory.Nd4j

/** Data from Kotlin values: each type's shape, and the Java data set's checks and messages. */
class DataTest {
    @TempDir
    lateinit var tmp: Path

    private fun shapeOf(value: Any): List<Long> = dataset("a" to value)["a"].shape().toList()

    @Test
    fun `each Kotlin type becomes the array a model reads`() {
        assertEquals(listOf(3L, 1L), shapeOf(doubleArrayOf(1.0, 2.0, 3.0)))
        assertEquals(listOf(3L, 1L), shapeOf(floatArrayOf(1f, 2f, 3f)))
        assertEquals(listOf(3L, 1L), shapeOf(listOf(1.0, 2.0, 3.0)))
        assertEquals(listOf(3L, 1L), shapeOf(listOf(1.0f, 2.0f, 3.0f)))
        assertEquals(listOf(3L), shapeOf(intArrayOf(0, 2, 1)))
        assertEquals(listOf(3L), shapeOf(listOf(0, 2, 1)))
        assertEquals(listOf(2L, 3L), shapeOf(arrayOf(doubleArrayOf(1.0, 2.0, 3.0), doubleArrayOf(4.0, 5.0, 6.0))))
        assertEquals(listOf(2L, 2L), shapeOf(arrayOf(floatArrayOf(1f, 2f), floatArrayOf(3f, 4f))))
        assertEquals(listOf(2L, 2L), shapeOf(listOf(doubleArrayOf(1.0, 2.0), doubleArrayOf(3.0, 4.0))))
        assertEquals(listOf(4L, 2L), shapeOf(Nd4j.zeros(4, 2)))
        val d = dataset("x" to arrayOf(doubleArrayOf(1.5, 2.5)), "y" to intArrayOf(7))
        assertEquals(listOf(1.5, 2.5), d["x"].toDoubleVector().toList())
        assertEquals(7.0, d["y"].getDouble(0L))
        assertEquals("FLOAT", d["x"].dataType().name)
        assertEquals(1, d.size)
        assertEquals(listOf("x", "y"), d.arrays().keys.toList())
    }

    @Test
    fun `the counts and emptiness are checked as in Java, with Java's messages`() {
        val kotlin = assertFailsWith<IllegalArgumentException> {
            dataset("x" to doubleArrayOf(1.0, 2.0, 3.0), "y" to doubleArrayOf(1.0, 2.0))
        }
        val java = assertFailsWith<IllegalArgumentException> {
            JavaDataset.of("x", Nd4j.zeros(3, 1), "y", Nd4j.zeros(2, 1))
        }
        assertEquals(java.message, kotlin.message)
        assertEquals("Dataset arrays must have the same number of samples along axis 0, but \"x\" has 3 (shape [3, 1]), " +
            "\"y\" has 2 (shape [2, 1]); check that features and labels come from the same rows", kotlin.message)
        assertEquals("Dataset has no samples (axis 0 has size 0 in every array)",
            assertFailsWith<IllegalArgumentException> { dataset("x" to DoubleArray(0), "y" to listOf<Double>()) }.message)
        assertEquals("A dataset needs at least one array, e.g. dataset(\"x\" to xs, \"y\" to ys)",
            assertFailsWith<IllegalArgumentException> { dataset() }.message)
        assertEquals("Duplicate array name \"x\" (array names must be distinct)",
            assertFailsWith<IllegalArgumentException> { dataset("x" to doubleArrayOf(1.0), "x" to doubleArrayOf(2.0)) }.message)
    }

    @Test
    fun `ragged rows and other types are refused, naming the array`() {
        assertEquals("Array \"x\": row 1 has 1 values but row 0 has 2; every row needs the same length",
            assertFailsWith<IllegalArgumentException> {
                dataset("x" to arrayOf(doubleArrayOf(1.0, 2.0), doubleArrayOf(3.0)))
            }.message)
        assertEquals("Array \"x\" is a String; a data set takes DoubleArray, FloatArray or List<Double> (one value per " +
            "sample), IntArray (class indices), Array<DoubleArray>, Array<FloatArray> or List<DoubleArray> (one row per " +
            "sample), or an INDArray",
            assertFailsWith<IllegalArgumentException> { dataset("x" to "1, 2, 3") }.message)
        assertEquals("Array \"x\": row 0 is a String; rows must be DoubleArray or FloatArray",
            assertFailsWith<IllegalArgumentException> { dataset("x" to listOf("a", "b")) }.message)
    }

    @Test
    fun `splits destructure and standardise with the training part's statistics`() {
        val data = dataset("x" to DoubleArray(10) { it.toDouble() }, "y" to DoubleArray(10) { 2.0 * it })
        val (train, validation) = data.split(0.8, seed = 1)
        assertEquals(8, train.size)
        assertEquals(2, validation.size)
        assertEquals(data.split(0.8, 1).train()["x"], train["x"], "the same seed, the same split")
        assertEquals(8, data.split(0.8).train().size)
        val (st, sv) = data.split(0.8, seed = 1).standardized("x")
        assertEquals(0.0, st["x"].meanNumber().toDouble(), 1e-6)
        assertEquals(train["y"], st["y"], "arrays not named stay as they are")
        assertEquals(2, sv.size)
    }

    @Test
    fun `CSV files, gzip files and resources`() {
        val text = "a,b,label\n1,2,0\n3,4,1\n5,6,2\n"
        val plain = tmp.resolve("d.csv").toFile().apply { writeText(text) }
        val gz = tmp.resolve("d.csv.gz").toFile()
        GZIPOutputStream(gz.outputStream()).use { it.write(text.toByteArray()) }
        val regression = readCsv(plain.path)
        assertEquals(listOf(3L, 2L), regression["x"].shape().toList())
        assertEquals(listOf(3L, 1L), regression["y"].shape().toList())
        val classes = readCsv(gz.toPath(), labels = LabelEncoding.CLASS_INDEX)
        assertEquals(listOf(0.0, 1.0, 2.0), classes["y"].toDoubleVector().toList())
        val oneHot = readCsv(plain.toPath(), labelColumns = listOf("label"), labels = LabelEncoding.ONE_HOT, classes = 4)
        assertEquals(listOf(3L, 4L), oneHot["y"].shape().toList())
        val semicolons = File(tmp.toFile(), "s.csv").apply { writeText("1;2\n3;4\n") }
        assertEquals(2, readCsv(semicolons.path, header = false, delimiter = ';').size)
        assertEquals(4, readCsvResource("datasets/four-rows.csv.gz", header = false, labels = LabelEncoding.CLASS_INDEX).size)
        assertEquals("No resource \"nowhere.csv\" on the class path",
            assertFailsWith<IllegalArgumentException> { readCsvResource("nowhere.csv") }.message)
        val bad = File(tmp.toFile(), "bad.csv").apply { writeText("a,b\n1,x\n") }
        assertTrue(assertFailsWith<dev.descent.DescentException> { readCsv(bad.path) }.message!!.contains("line 2"))
    }
}
