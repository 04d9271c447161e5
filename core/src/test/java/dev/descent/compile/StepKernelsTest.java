package dev.descent.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Each {@link StepKernel} against the native libnd4j op it replaces, on the same arrays: same bits
 * for the element-wise gradients (ties, zeros at the threshold and negative values included), the
 * float rounding of a different summation order at most for the sums and products. Also which
 * arrays the kernels refuse (they must then run natively).
 */
class StepKernelsTest {
    private final Random random = new Random(7);

    private INDArray rand(long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] f = new float[(int) n];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (random.nextGaussian());
        }
        return Nd4j.createFromArray(f).reshape(shape);
    }

    private static int[] ints(long[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.toIntExact(a[i]);
        }
        return r;
    }

    private static Double[] boxed(double[] a) {
        Double[] r = new Double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }

    private static DynamicCustomOp op(String name, long[] iArgs, double[] tArgs) {
        return DynamicCustomOp.builder(name).addIntegerArguments(ints(iArgs)).addFloatingPointArguments(boxed(tArgs)).build();
    }

    private static void runNative(DynamicCustomOp op, INDArray[] in, INDArray[] out) {
        DynamicCustomOp call = DynamicCustomOp.builder(op.opName()).addInputs(in).addOutputs(out)
                .addIntegerArguments(ints(op.iArgs())).addFloatingPointArguments(boxed(op.tArgs())).build();
        Nd4j.exec(call);
    }

    private static StepKernel bind(DynamicCustomOp op, INDArray[] in, INDArray[] out) {
        StepKernel k = StepKernels.bind(op, in, out, new boolean[in.length]);
        assertNotNull(k, op.opName() + " should have a kernel for these arrays");
        return k;
    }

    private static void assertClose(INDArray expected, INDArray actual, double rel, String what) {
        float[] e = expected.dup().data().asFloat();
        float[] a = actual.dup().data().asFloat();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            double tol = rel * Math.max(1, Math.abs(e[i]));
            assertEquals(e[i], a[i], tol, what + " at " + i);
        }
    }

    @Test
    void reluGradientMatchesTheNativeKernelBitForBit() {
        for (double threshold : new double[] {0.0, 0.5}) {
            INDArray x = rand(70, 65); // over two heap chunks and a partial one
            for (int i = 0; i < 40; i++) {
                x.putScalar(i, i % 4 == 0 ? 0f : (float) threshold); // exactly at the threshold: gradient 0
            }
            for (int i = 0; i < SPECIAL.length * 3; i++) {
                x.putScalar(100 + i * 37L, SPECIAL[i % SPECIAL.length]); // NaN and ±0 and ±inf: gradient as native
            }
            INDArray dy = rand(70, 65);
            DynamicCustomOp op = op("thresholdedrelu_bp", new long[0], new double[] {threshold});
            INDArray expected = x.ulike();
            runNative(op, new INDArray[] {x, dy}, new INDArray[] {expected});
            INDArray actual = x.ulike().assign(Float.NaN);
            bind(op, new INDArray[] {x, dy}, new INDArray[] {actual}).run();
            assertArrayEquals(expected.data().asFloat(), actual.data().asFloat(), 0f, "threshold " + threshold);
        }
    }

    /** Special values the forward kernels must pass exactly as the native ops do. */
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, 0.5f, -0.5f, Float.intBitsToFloat(0xffc00000), Float.MAX_VALUE, -Float.MAX_VALUE};

    @Test
    void reluMatchesTheNativeKernelBitForBitIncludingNanAndSignedZero() {
        for (double cutoff : new double[] {0.0, 0.5}) {
            INDArray x = rand(70, 65);
            for (int i = 0; i < SPECIAL.length * 3; i++) {
                x.putScalar(i * 37L, SPECIAL[i % SPECIAL.length]);
            }
            INDArray expected = x.ulike();
            Nd4j.exec(new RectifiedLinear(x, expected, cutoff)); // the legacy scalar op SameDiff's relu is
            INDArray actual = x.ulike().assign(Float.NaN);
            StepKernel k = StepKernels.bindLegacy(new RectifiedLinear(x, cutoff), new INDArray[] {x}, new INDArray[] {actual},
                    new boolean[1]);
            assertNotNull(k, "relu should have a kernel for these arrays");
            k.run();
            assertBitsEqual(expected, actual, "relu cutoff " + cutoff);
        }
    }

    @Test
    void biasAddMatchesTheNativeBroadcastBitForBit() {
        for (long[] shape : new long[][] {{70, 65}, {128, 256}, {5, 3}, {2, 10}}) {
            INDArray a = rand(shape);
            for (int i = 0; i < SPECIAL.length; i++) {
                a.putScalar(i % a.length(), SPECIAL[i]);
            }
            INDArray b = rand(shape[1]);
            b.putScalar(0, Float.NaN);
            DynamicCustomOp op = op("add", new long[0], new double[0]);
            INDArray expected = a.ulike();
            runNative(op, new INDArray[] {a, b}, new INDArray[] {expected});
            INDArray actual = a.ulike().assign(7f);
            StepKernel k = bind(op, new INDArray[] {a, b}, new INDArray[] {actual});
            k.run();
            assertBitsEqual(expected, actual, "bias add " + java.util.Arrays.toString(shape));
            b.addi(1f); // the optimizer changes the bias between steps: the next run must see it
            runNative(op, new INDArray[] {a, b}, new INDArray[] {expected});
            k.run();
            assertBitsEqual(expected, actual, "bias add after the bias changed");
        }
        INDArray a = rand(4, 6);
        DynamicCustomOp add = op("add", new long[0], new double[0]);
        assertNull(StepKernels.bind(add, new INDArray[] {a, rand(4, 6)}, new INDArray[] {a.ulike()}, new boolean[2]),
                "two full-size operands are not a bias");
        assertNull(StepKernels.bind(add, new INDArray[] {a, rand(6)}, new INDArray[] {a.ulike()}, new boolean[] {true, false}),
                "fed");
    }

    @Test
    void logSoftmaxKernelsMatchTheMathIncludingExtremeLogits() {
        int rows = 6;
        int cols = 7;
        INDArray z = rand(rows, cols).muli(3f);
        z.putScalar(new long[] {1, 0}, 1000f); // far apart: the shift by the max keeps it finite
        z.putScalar(new long[] {1, 1}, -1000f);
        z.putScalar(new long[] {2, 3}, Float.NEGATIVE_INFINITY); // probability 0, log-probability -inf
        z.putScalar(new long[] {4, 2}, Float.NaN); // poisons its row only
        z.putScalar(new long[] {5, 6}, Float.POSITIVE_INFINITY);
        INDArray glp = rand(rows, cols);
        INDArray lp = z.ulike();
        INDArray gz = z.ulike();
        StepKernel[] parts = LogSoftmaxKernels.tryBind(1, new INDArray[] {z, glp}, new INDArray[] {lp, gz}, false);
        assertNotNull(parts);
        parts[0].run();
        parts[1].run();
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z.getDouble(r, j));
            }
            double sum = 0;
            double gsum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(z.getDouble(r, j) - max);
                gsum += glp.getDouble(r, j);
            }
            for (int j = 0; j < cols; j++) {
                double expectLp = z.getDouble(r, j) - max - Math.log(sum);
                double expectGz = glp.getDouble(r, j) - Math.exp(expectLp) * gsum; // torch's log_softmax backward
                String at = "[" + r + "," + j + "]";
                if (r == 4 || r == 5) {
                    assertTrue(Double.isNaN(lp.getDouble(r, j)) && Double.isNaN(gz.getDouble(r, j)), "NaN/inf row " + at);
                    continue;
                }
                assertEquals(expectLp, lp.getDouble(r, j), 1e-6 * Math.max(1, Math.abs(expectLp)), "log-probability " + at);
                assertEquals(expectGz, gz.getDouble(r, j), 1e-6 * Math.max(1, Math.abs(expectGz)), "gradient " + at);
            }
        }
        assertEquals(-2000f, lp.getFloat(1, 1), 1e-3f, "finite far below the max");
        assertEquals(Float.NEGATIVE_INFINITY, lp.getFloat(2, 3));
        glp.muli(2f); // the backward part reads the gradient afresh each step
        parts[1].run();
        double g0 = 0;
        for (int j = 0; j < cols; j++) {
            g0 += glp.getDouble(0, j);
        }
        assertEquals(glp.getDouble(0, 0) - Math.exp(lp.getDouble(0, 0)) * g0, gz.getDouble(0, 0), 1e-6);
        assertNull(LogSoftmaxKernels.tryBind(0, new INDArray[] {z, glp}, new INDArray[] {lp, gz}, false), "not the last axis");
        assertNull(LogSoftmaxKernels.tryBind(1, new INDArray[] {z, glp}, new INDArray[] {lp, gz}, true), "fed logits");
    }

    @Test
    void crossEntropyKernelMatchesTheOpChainForIndicesAndWeights() {
        int rows = 7;
        int classes = 5;
        INDArray lp = rand(rows, classes);
        INDArray seed = Nd4j.scalar(2.5f); // an incoming gradient other than 1 scales glp
        long[] labelValues = {0, 4, 2, 2, 1, 3, 0};
        // labels fed as a strided view (every other element): the kernel copies it to a plain array
        INDArray wide = Nd4j.createFromArray(new long[] {0, 9, 4, 9, 2, 9, 2, 9, 1, 9, 3, 9, 0, 9});
        INDArray labels = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, 14));
        INDArray oneHot = Nd4j.create(DataType.FLOAT, rows, classes);
        for (int r = 0; r < rows; r++) {
            oneHot.putScalar(r, labelValues[r], 1f);
        }
        INDArray soft = Transforms.abs(rand(rows, classes));
        soft.diviColumnVector(soft.sum(true, 1));
        for (boolean indices : new boolean[] {true, false}) {
            INDArray w = indices ? oneHot : soft;
            INDArray loss = Nd4j.scalar(0f);
            INDArray glp = lp.ulike();
            StepKernel k = CrossEntropyKernel.tryBind(new INDArray[] {lp, indices ? Nd4j.zeros(DataType.INT64, rows) : soft.dup(), seed},
                    new INDArray[] {loss, glp}, indices, false);
            assertNotNull(k);
            k.rebind(1, indices ? labels : soft);
            k.run();
            // the op chain: -mean(sum(w * lp, 1)); its gradient with respect to lp: w * (-g / rows)
            double expectedLoss = -w.mul(lp).sum(1).meanNumber().doubleValue();
            assertEquals(expectedLoss, loss.getDouble(0), 1e-6 * Math.abs(expectedLoss), "loss, indices " + indices);
            INDArray expectedGrad = w.mul(-2.5f / rows);
            assertBitsEqual(expectedGrad, glp, "glp, indices " + indices);
        }
        assertNull(CrossEntropyKernel.tryBind(new INDArray[] {lp, Nd4j.zeros(DataType.INT32, rows), seed},
                new INDArray[] {Nd4j.scalar(0f), lp.ulike()}, true, false), "labels must be INT64 as the validator makes them");
        assertNull(CrossEntropyKernel.tryBind(new INDArray[] {lp, soft, seed}, new INDArray[] {Nd4j.scalar(0f), lp.ulike()}, false, true),
                "fed log-probabilities");
    }

    /** Same bits, except that any NaN matches any NaN (its sign and payload carry no meaning). */
    private static void assertBitsEqual(INDArray expected, INDArray actual, String what) {
        float[] e = expected.data().asFloat();
        float[] a = actual.data().asFloat();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            if (Float.isNaN(e[i]) && Float.isNaN(a[i])) {
                continue;
            }
            assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]),
                    what + " at " + i + ": expected " + e[i] + ", got " + a[i]);
        }
    }

    @Test
    void maxGradientGoesToTheFirstMaximumLikeTheNativeKernel() {
        INDArray x = rand(9, 7);
        x.putRow(0, Nd4j.createFromArray(1f, 3f, 3f, 2f, 3f, -1f, 0f)); // ties: the first maximum
        x.putRow(1, Nd4j.createFromArray(-2f, -2f, -2f, -2f, -2f, -2f, -2f));
        x.putRow(2, Nd4j.createFromArray(5f, 1f, 1f, 1f, 1f, 1f, 5f));
        for (boolean keepDims : new boolean[] {true, false}) {
            INDArray dy = keepDims ? rand(9, 1) : rand(9);
            DynamicCustomOp op = DynamicCustomOp.builder("reduce_max_bp").addIntegerArguments(1).addBooleanArguments(keepDims).build();
            INDArray expected = x.ulike();
            Nd4j.exec(DynamicCustomOp.builder("reduce_max_bp").addInputs(x, dy).addOutputs(expected).addIntegerArguments(1)
                    .addBooleanArguments(keepDims).build());
            INDArray actual = x.ulike().assign(Float.NaN);
            bind(op, new INDArray[] {x, dy}, new INDArray[] {actual}).run();
            assertArrayEquals(expected.data().asFloat(), actual.data().asFloat(), 0f, "keepDims " + keepDims);
        }
        DynamicCustomOp firstAxis = op("reduce_max_bp", new long[] {0}, new double[0]);
        assertNull(StepKernels.bind(firstAxis, new INDArray[] {x, rand(7)}, new INDArray[] {x.ulike()}, new boolean[2]),
                "only the last axis has a kernel");
    }

    @Test
    void biasGradientIsTheColumnSum() {
        for (long[] biasShape : new long[][] {{24}, {1, 24}}) {
            INDArray a = rand(50, 24);
            INDArray b = rand(biasShape);
            INDArray dy = rand(50, 24);
            DynamicCustomOp op = op("add_bp", new long[0], new double[0]);
            INDArray da = a.ulike();
            INDArray db = b.ulike();
            runNative(op, new INDArray[] {a, b, dy}, new INDArray[] {da, db});
            INDArray da2 = a.ulike().assign(Float.NaN);
            INDArray db2 = b.ulike().assign(Float.NaN);
            bind(op, new INDArray[] {a, b, dy}, new INDArray[] {da2, db2}).run();
            assertArrayEquals(da.data().asFloat(), da2.data().asFloat(), 0f);
            assertClose(db, db2, 1e-5, "bias gradient " + java.util.Arrays.toString(biasShape));
        }
    }

    /** Large and single-column shapes take the chunked paths (several chunks and a tail). */
    @Test
    void biasGradientOfLargeAndSingleColumnBatches() {
        for (long[] shape : new long[][] {{10_000, 1}, {3_001, 7}}) {
            INDArray a = rand(shape);
            INDArray b = rand(shape[1]);
            INDArray dy = rand(shape);
            INDArray da = a.ulike().assign(Float.NaN);
            INDArray db = b.ulike().assign(Float.NaN);
            bind(op("add_bp", new long[0], new double[0]), new INDArray[] {a, b, dy}, new INDArray[] {da, db}).run();
            assertArrayEquals(dy.data().asFloat(), da.data().asFloat(), 0f);
            double[] expected = new double[(int) shape[1]];
            float[] g = dy.data().asFloat();
            for (int i = 0; i < g.length; i++) {
                expected[(int) (i % shape[1])] += g[i];
            }
            for (int c = 0; c < expected.length; c++) {
                assertEquals(expected[c], db.getFloat(c), 1e-5 * Math.sqrt(shape[0]) * 3, "column " + c + " of " + java.util.Arrays.toString(shape));
            }
        }
    }

    /**
     * The fused squared error on both sides of its parallel threshold: the loss against a double
     * sum, the gradient bit for bit against the op chain's float operations (g/n, times d, doubled).
     */
    @Test
    void squaredErrorMeanKernelMatchesTheOpChain() {
        for (int n : new int[] {37, 300_001}) {
            INDArray p = rand(n, 1);
            INDArray y = rand(n, 1);
            INDArray seed = Nd4j.scalar(1.5f);
            INDArray loss = Nd4j.scalar(0f);
            INDArray dp = p.ulike().assign(Float.NaN);
            StepKernel k = SquaredErrorMeanKernel.tryBind(new INDArray[] {p, y, seed}, new INDArray[] {loss, dp});
            assertNotNull(k);
            k.run();
            float[] pf = p.data().asFloat();
            float[] yf = y.data().asFloat();
            float r = 1.5f / n;
            double sum = 0;
            float[] expected = new float[n];
            for (int i = 0; i < n; i++) {
                float d = pf[i] - yf[i];
                sum += (double) d * d;
                expected[i] = 2f * (r * d);
            }
            assertEquals(sum / n, loss.getDouble(0), 1e-6 * sum / n, "loss, n = " + n);
            assertArrayEquals(expected, dp.data().asFloat(), 0f, "gradient, n = " + n);
        }
        assertNull(SquaredErrorMeanKernel.tryBind(new INDArray[] {rand(5, 1), rand(5), Nd4j.scalar(1f)},
                new INDArray[] {Nd4j.scalar(0f), Nd4j.create(DataType.FLOAT, 5, 1)}), "broadcasting shapes: the op chain runs");
    }

    @Test
    void oneColumnProductsRunAsMatrixVectorProducts() {
        INDArray x = rand(300, 16);
        INDArray w = rand(16, 1);
        Mmul forward = new Mmul();
        forward.addIArgument(0, 0, 0);
        INDArray z = Nd4j.create(DataType.FLOAT, 300, 1);
        StepKernel k = bind(forward, new INDArray[] {x, w}, new INDArray[] {z});
        k.run();
        assertClose(x.mmul(w), z, 1e-5, "x · w");

        INDArray x2 = rand(300, 16); // a new batch of the same shape, fed through rebind
        k.rebind(0, x2);
        k.run();
        assertClose(x2.mmul(w), z, 1e-5, "x2 · w after rebind");

        INDArray dz = rand(300, 1);
        Mmul weightGrad = new Mmul();
        weightGrad.addIArgument(1, 0, 1); // (dzᵀ · x)ᵀ, as OpOrder rewrites an input layer's matmul_bp
        INDArray dw = Nd4j.create(DataType.FLOAT, 16, 1);
        bind(weightGrad, new INDArray[] {dz, x}, new INDArray[] {dw}).run();
        assertClose(x.transpose().mmul(dz), dw, 1e-4, "xᵀ · dz");

        Mmul wide = new Mmul();
        wide.addIArgument(0, 0, 0);
        assertNull(StepKernels.bind(wide, new INDArray[] {x, rand(16, 3)}, new INDArray[] {Nd4j.create(DataType.FLOAT, 300, 3)},
                new boolean[2]), "more than one column: a matrix product");
        assertNull(StepKernels.bind(forward, new INDArray[] {x, w}, new INDArray[] {z}, new boolean[] {false, true}),
                "a fed vector cannot be seen through a fixed view");
    }

    @Test
    void javaKernelsRefuseFedViewOtherTypedAndLargeArrays() {
        DynamicCustomOp relu = op("thresholdedrelu_bp", new long[0], new double[] {0});
        INDArray x = rand(8, 8);
        INDArray dy = rand(8, 8);
        assertNotNull(StepKernels.bind(relu, new INDArray[] {x, dy}, new INDArray[] {x.ulike()}, new boolean[2]));
        assertNull(StepKernels.bind(relu, new INDArray[] {x, dy}, new INDArray[] {x.ulike()}, new boolean[] {true, false}), "fed");
        INDArray view = rand(8, 16).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8));
        assertNull(StepKernels.bind(relu, new INDArray[] {view, dy}, new INDArray[] {x.ulike()}, new boolean[2]), "view");
        INDArray xd = x.castTo(DataType.DOUBLE);
        assertNull(StepKernels.bind(relu, new INDArray[] {xd, dy.castTo(DataType.DOUBLE)}, new INDArray[] {xd.ulike()},
                new boolean[2]), "double");
        long big = StepKernels.JAVA_MAX + 1;
        INDArray bx = Nd4j.create(DataType.FLOAT, big);
        assertNull(StepKernels.bind(relu, new INDArray[] {bx, bx.ulike()}, new INDArray[] {bx.ulike()}, new boolean[2]), "large");
    }
}
