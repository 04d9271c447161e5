package dev.descent.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

/**
 * Adds partition contributions in a fixed order, whatever order Spark's tasks finish in, so a step's
 * sums (and with them the whole run) are reproducible to the bit: the same data in the same
 * partitions gives the same parameters on one JVM or on many, with or without lost executors.
 *
 * <p>Contributions are numbered by partition. Like {@code treeAggregate}, large partition counts are
 * first combined in groups on the executors (one shuffle per level; how many levels follows
 * {@code treeAggregate}'s rule for the given depth), but a group is a fixed, contiguous range of
 * numbers added from the lowest up, and the driver adds the remaining group sums the same way. Only
 * the combining order is fixed, never which executor does it.
 */
final class OrderedSum {
    private final int first;
    private final int count;
    private int next;
    private final Map<Integer, Contribution> waiting = new HashMap<>();
    private Contribution total = Contribution.empty();

    /** A sum of the contributions numbered {@code first .. first + count - 1}. */
    OrderedSum(int first, int count) {
        this.first = first;
        this.count = count;
        this.next = first;
    }

    /** Adds contribution number {@code index} (now if all lower ones are in, else as soon as they are). */
    void add(int index, Contribution c) {
        if (index < next || index >= first + count || waiting.containsKey(index)) {
            throw new IllegalStateException("contribution " + index + " is out of range " + first + ".."
                    + (first + count - 1) + " or came twice");
        }
        waiting.put(index, c);
        for (Contribution w = waiting.remove(next); w != null; w = waiting.remove(next)) {
            total = Contribution.merge(total, w);
            next++;
        }
    }

    /** The sum; every contribution of the range must be in. */
    Contribution total() {
        if (next != first + count) {
            throw new IllegalStateException("contributions " + next + ".." + (first + count - 1) + " are missing");
        }
        return total;
    }

    /**
     * Sums the contributions of {@code partitions} partitions (one pair {@code (partition, contribution)}
     * per partition) in partition order, in executor-side levels of groups and then on the driver.
     */
    static Contribution of(JavaPairRDD<Integer, Contribution> contributions, int partitions, int depth) {
        JavaPairRDD<Integer, Contribution> level = contributions;
        int n = partitions;
        int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
        while (depth > 1 && n > scale + (n + scale - 1) / scale) {
            Groups groups = new Groups(scale, n);
            level = level.partitionBy(groups).mapPartitionsToPair(new SumGroup(scale, n), true);
            n = groups.numPartitions();
        }
        OrderedSum sum = new OrderedSum(0, n);
        for (Tuple2<Integer, Contribution> t : level.collect()) {
            sum.add(t._1(), t._2());
        }
        return sum.total();
    }

    /**
     * Sends contribution {@code i} of {@code 0 .. total - 1} to group {@code i / scale}: contiguous
     * ranges of {@code scale} numbers, the last one possibly shorter.
     */
    static final class Groups extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int scale;
        private final int groups;

        Groups(int scale, int total) {
            this.scale = scale;
            this.groups = (total + scale - 1) / scale;
        }

        @Override
        public int numPartitions() {
            return groups;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key / scale;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Groups g && g.groups == groups && g.scale == scale;
        }

        @Override
        public int hashCode() {
            return 31 * groups + scale;
        }
    }

    /**
     * On an executor: adds one group's contributions in order and emits {@code (group, sum)}; the
     * groups are {@link Groups}'s of the same {@code scale} and {@code total}.
     */
    record SumGroup(int scale, int total) implements PairFlatMapFunction<Iterator<Tuple2<Integer, Contribution>>, Integer, Contribution> {
        @Override
        public Iterator<Tuple2<Integer, Contribution>> call(Iterator<Tuple2<Integer, Contribution>> in) {
            int group = org.apache.spark.TaskContext.getPartitionId();
            int first = group * scale;
            OrderedSum sum = new OrderedSum(first, Math.min(scale, total - first));
            while (in.hasNext()) {
                Tuple2<Integer, Contribution> t = in.next();
                sum.add(t._1(), t._2());
            }
            List<Tuple2<Integer, Contribution>> out = new ArrayList<>(1);
            out.add(new Tuple2<>(group, sum.total()));
            return out.iterator();
        }
    }
}
