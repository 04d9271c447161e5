package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SamplesTest {

    private static Dataset<Row> frame(List<Row> rows) {
        SparkSession spark = SparkSession.builder().sparkContext(Fixtures.sc().sc()).getOrCreate();
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.IntegerType)
                .add("name", DataTypes.StringType).add("label", DataTypes.LongType, true);
        return spark.createDataFrame(rows, schema);
    }

    @Test
    void numericColumnsBecomeFeaturesAndTargetInRowOrder() {
        Dataset<Row> df = frame(List.of(RowFactory.create(1.5, 2, "p", 0L), RowFactory.create(-0.25, 7, "q", 2L),
                RowFactory.create(3.0, -1, "r", 1L)));
        List<Sample> s = Samples.fromRows(df, List.of("b", "a"), "label").collect();
        assertEquals(3, s.size());
        assertArrayEquals(new float[] {2f, 1.5f}, s.get(0).features());
        assertArrayEquals(new float[] {7f, -0.25f}, s.get(1).features());
        assertArrayEquals(new float[] {2f}, s.get(1).target());
        assertArrayEquals(new float[] {1f}, s.get(2).target());
    }

    @Test
    void unknownColumnsAndMissingValuesAreReported() {
        Dataset<Row> df = frame(List.of(RowFactory.create(1.5, 2, "p", null)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Samples.fromRows(df, List.of("a", "c"), "label"));
        assertTrue(e.getMessage().contains("Unknown column 'c'") && e.getMessage().contains("name"), e.getMessage());
        Exception missing = assertThrows(Exception.class, () -> Samples.fromRows(df, List.of("a"), "label").collect());
        assertTrue(missing.getMessage().contains("Column 'label' holds null"), missing.getMessage());
    }

    @Test
    void repartitionKeepsTheOrderInEvenContiguousPartitions() {
        List<Sample> list = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            list.add(Sample.of(new float[] {i}, new float[] {-i}));
        }
        JavaRDD<Sample> spread = Samples.repartition(Fixtures.sc().parallelize(list, 1), 3);
        assertEquals(3, spread.getNumPartitions());
        List<List<Sample>> parts = spread.glom().collect();
        assertEquals(List.of(4, 3, 3), parts.stream().map(List::size).toList());
        assertEquals(list, parts.stream().flatMap(List::stream).toList());
        // and back to fewer partitions, still in order
        assertEquals(list, Samples.repartition(spread, 2).collect());
    }
}
