package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BatchGathererTest {

    private static Dataset mixed(int n) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put("x", Nd4j.rand(DataType.FLOAT, n, 3));
        m.put("xd", Nd4j.rand(DataType.DOUBLE, n, 2));
        m.put("y", Nd4j.arange(n).castTo(DataType.FLOAT));
        m.put("label", Nd4j.arange(n).muli(7).castTo(DataType.INT32));
        m.put("id", Nd4j.arange(n).addi(1000).castTo(DataType.INT64));
        m.put("img", Nd4j.rand(DataType.FLOAT, n, 2, 2, 3));
        m.put("mask", Nd4j.arange(n).castTo(DataType.INT32).gt(n / 2));
        return Dataset.of(m);
    }

    private static void assertRows(Dataset d, int[] idx, Map<String, INDArray> batch) {
        assertEquals(List.copyOf(d.arrays().keySet()), List.copyOf(batch.keySet()));
        for (Map.Entry<String, INDArray> e : d.arrays().entrySet()) {
            INDArray src = e.getValue();
            INDArray got = batch.get(e.getKey());
            assertEquals(src.dataType(), got.dataType(), e.getKey());
            assertEquals(idx.length, got.size(0), e.getKey());
            assertEquals(src.rank(), got.rank(), e.getKey());
            for (int i = 0; i < idx.length; i++) {
                if (src.rank() == 1) {
                    assertEquals(src.getDouble(idx[i]), got.getDouble(i), e.getKey() + " row " + i);
                } else {
                    assertEquals(src.slice(idx[i]), got.slice(i), e.getKey() + " row " + i);
                }
            }
        }
    }

    @Test
    void gathersRowsOfEveryRankAndDtype() {
        Dataset d = mixed(9);
        BatchGatherer g = new BatchGatherer(d);
        int[] idx = {8, 0, 3, 3};
        Map<String, INDArray> batch = g.gather(idx);
        assertRows(d, idx, batch);
        assertEquals(d.array("x").getRows(idx), batch.get("x"));
        assertEquals(d.array("xd").getRows(idx), batch.get("xd"));
    }

    @Test
    void reusesBuffersPerBatchSize() {
        Dataset d = mixed(10);
        BatchGatherer g = new BatchGatherer(d);
        BatchSampler s = Batching.miniBatch(4).seed(1).sampler(10);
        Map<Integer, Map<String, INDArray>> firstSeen = new LinkedHashMap<>();
        for (int step = 0; step < 9; step++) {
            int[] idx = s.next();
            Map<String, INDArray> batch = g.gather(idx);
            assertRows(d, idx, batch);
            Map<String, INDArray> prev = firstSeen.putIfAbsent(idx.length, batch);
            if (prev != null) {
                for (String name : d.arrays().keySet()) {
                    assertSame(prev.get(name), batch.get(name), name + " buffer not reused for batch size " + idx.length);
                }
            }
        }
        assertEquals(2, firstSeen.size()); // sizes 4 and 2
        assertNotSame(firstSeen.get(4).get("x"), firstSeen.get(2).get("x"));
    }

    @Test
    void identityFullBatchReturnsDatasetArraysWithoutCopy() {
        Dataset d = mixed(5);
        BatchGatherer g = new BatchGatherer(d);
        Map<String, INDArray> batch = g.gather(Batching.fullBatch().sampler(5).next());
        for (String name : d.arrays().keySet()) {
            assertSame(d.array(name), batch.get(name));
        }
        // a permutation of all rows is not the identity and is copied
        int[] perm = {1, 0, 2, 3, 4};
        Map<String, INDArray> permuted = g.gather(perm);
        assertNotSame(d.array("x"), permuted.get("x"));
        assertRows(d, perm, permuted);
    }

    @Test
    void gathersFromViews() {
        INDArray big = Nd4j.arange(60).reshape(12, 5).castTo(DataType.FLOAT);
        INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 9), org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray col = big.getColumn(2).reshape(12).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 6));
        Dataset d = Dataset.of("v", view, "c", col);
        int[] idx = {5, 1};
        Map<String, INDArray> b = new BatchGatherer(d).gather(idx);
        assertEquals(view.getRows(idx), b.get("v"));
        assertEquals(col.getDouble(5), b.get("c").getDouble(0));
        assertEquals(col.getDouble(1), b.get("c").getDouble(1));
    }

    @Test
    void rejectsBadIndices() {
        BatchGatherer g = new BatchGatherer(mixed(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.gather(new int[] {0, 4}));
        assertTrue(e.getMessage().contains("4") && e.getMessage().contains("[0, 4)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.gather(new int[0]));
    }

    @Test
    void anEmptyBatchIsRefused() {
        BatchGatherer g = new BatchGatherer(mixed(3));
        assertEquals("Cannot gather an empty batch (indices has length 0; a batch needs at least one sample)",
                assertThrows(IllegalArgumentException.class, () -> g.gather(new int[0])).getMessage());
    }
}
