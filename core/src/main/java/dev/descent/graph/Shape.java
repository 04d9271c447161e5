package dev.descent.graph;

import java.util.Arrays;

/**
 * An immutable tensor shape. A dimension of {@code -1} is not known until data arrives (the batch
 * dimension); every other dimension is fixed when the expression is built.
 */
public final class Shape {
    /** Marks the dimension whose size comes with the data (normally the batch dimension). */
    public static final long ANY = -1;

    private static final Shape SCALAR = new Shape(new long[0]);

    private final long[] dims;

    private Shape(long[] dims) {
        this.dims = dims;
    }

    /** A shape with the given dimensions; {@link #ANY} marks a dimension fixed only by the data. */
    public static Shape of(long... dims) {
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 1 && dims[i] != ANY) {
                throw new ShapeException("Invalid shape " + Arrays.toString(dims) + ": dimension " + i + " is "
                        + dims[i] + "; every dimension must be >= 1, or -1 (Shape.ANY) for the batch dimension");
            }
        }
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** The rank-0 shape of a scalar. */
    public static Shape scalar() {
        return SCALAR;
    }

    public int rank() {
        return dims.length;
    }

    public long dim(int axis) {
        return dims[normalizeAxis(axis)];
    }

    public long[] dims() {
        return dims.clone();
    }

    public boolean isScalar() {
        return dims.length == 0;
    }

    /** True when every dimension is known. */
    public boolean isFixed() {
        for (long d : dims) {
            if (d == ANY) {
                return false;
            }
        }
        return true;
    }

    /** Number of elements; only for fixed shapes. */
    public long size() {
        long n = 1;
        for (long d : dims) {
            if (d == ANY) {
                throw new ShapeException("Shape " + this + " has a batch dimension; its size is not known yet");
            }
            n *= d;
        }
        return n;
    }

    /** Resolves a possibly negative axis against this rank ({@code -1} is the last axis). */
    public int normalizeAxis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new ShapeException("Axis " + axis + " is out of range for shape " + this + " of rank " + dims.length
                    + "; use an axis in [" + (-dims.length) + ", " + (dims.length - 1) + "]");
        }
        return a;
    }

    /** True when an array of shape {@code actual} can be fed where this shape is declared. */
    public boolean accepts(long[] actual) {
        if (actual.length != dims.length) {
            return false;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != ANY && dims[i] != actual[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * NumPy/torch broadcasting of two shapes, or {@code null} when they do not broadcast. A batch
     * dimension ({@code -1}) broadcasts against 1 and against another batch dimension.
     */
    static long[] broadcast(Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            int ia = a.rank() - rank + i;
            int ib = b.rank() - rank + i;
            long da = ia < 0 ? 1 : a.dims[ia];
            long db = ib < 0 ? 1 : b.dims[ib];
            if (da == db) {
                out[i] = da;
            } else if (da == 1) {
                out[i] = db;
            } else if (db == 1) {
                out[i] = da;
            } else {
                return null;
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i] == ANY ? "batch" : Long.toString(dims[i]));
        }
        return sb.append(']').toString();
    }
}
