package dev.descent.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code descent bench}: the peer-benchmark workloads (W0–W4, W4A and W6 on request, BW; W5 alone with {@code --w5}) through
 * the public API, one JSON line per metric on stdout, everything else on stderr.
 *
 * <pre>{@code
 * ./descent bench --workloads W1,W2 --quick
 * OMP_WAIT_POLICY=PASSIVE BENCH_OURS="./descent bench" bench/run_peers.sh /tmp/bench.jsonl 3
 * }</pre>
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the peer-benchmark workloads (W0 seed steps, W1 step overhead, W2 full-batch GD, W3 MLP, "
                + "W4 optimizer update, W4A Adam update (on request), W6 LeNet-like CNN (on request), BW copy bandwidth; W5 start-up with --w5) and print "
                + "one JSON line per metric "
                + "on stdout, as the bench harness expects. Threads follow OMP_NUM_THREADS / OPENBLAS_NUM_THREADS "
                + "(or BENCH_THREADS).")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--workloads", split = ",", paramLabel = "W",
            description = "comma-separated workloads among W0, W1, W2, W3, W4, W4A, W6, BW (default: all but W4A and W6)")
    List<String> workloads = List.of("W0", "W1", "W2", "W3", "W4", "BW");

    @Option(names = "--quick", description = "small sizes: a smoke test, numbers not comparable")
    boolean quick;

    @Option(names = "--w5", description = "only W5: start-up to the first completed W1 step (run in a fresh process)")
    boolean w5;

    /** The workloads by the harness's ids, in its order. */
    static Map<String, Workload> all() {
        Map<String, Workload> m = new LinkedHashMap<>();
        m.put("W0", new SeedStepsWorkload());
        m.put("W1", new StepOverheadWorkload());
        m.put("W2", new FullBatchWorkload());
        m.put("W3", new MlpWorkload());
        m.put("W4", new UpdateWorkload());
        m.put("W4A", new AdamUpdateWorkload());
        m.put("W6", new LenetWorkload());
        m.put("BW", new CopyBandwidthWorkload());
        return m;
    }

    @Override
    public Integer call() {
        Emitter out = new Emitter(System.out);
        if (w5) {
            Metrics startup = out.metrics("W5");
            try {
                StartupWorkload.run(startup);
            } catch (RuntimeException e) {
                report(startup, e);
                return 1;
            }
            return 0;
        }
        Map<String, Workload> known = all();
        List<String> chosen = new ArrayList<>();
        for (String id : workloads) {
            String canonical = id.trim().toUpperCase(Locale.ROOT);
            if (!known.containsKey(canonical)) {
                throw new IllegalArgumentException("Unknown workload '" + id + "' in --workloads; choose among "
                        + known.keySet() + " (W5 runs alone with --w5)");
            }
            chosen.add(canonical);
        }
        Threads.apply(out);
        boolean failed = false;
        for (String id : chosen) {
            Metrics metrics = out.metrics(id);
            long t0 = System.nanoTime();
            try {
                known.get(id).run(quick, metrics);
            } catch (RuntimeException e) {
                failed = true;
                report(metrics, e);
            }
            System.err.printf(Locale.ROOT, "[ours] %s done in %.1f s, rss %.0f MB%n", id,
                    (System.nanoTime() - t0) / 1e9, Proc.rssMb());
        }
        out.emit(chosen.size() == 1 ? chosen.get(0) : "ALL", "peak_rss_mb", Proc.peakRssMb(), "MB");
        return failed ? 1 : 0;
    }

    /** Like the peers: a failed workload prints an {@code error} metric (value null) and the run goes on. */
    private static void report(Metrics out, RuntimeException e) {
        System.err.println("[ours] " + out.workload() + " FAILED:");
        e.printStackTrace();
        String msg = String.valueOf(e.getMessage()).split("\n")[0];
        out.emit("error", Double.NaN, e.getClass().getSimpleName() + ": " + msg);
    }

    /** Reads the thread settings the peers get from the harness and makes ND4J and its BLAS use them. */
    static final class Threads {
        private Threads() {
        }

        static void apply(Emitter out) {
            @Nullable Integer omp = parse(System.getenv("OMP_NUM_THREADS"));
            @Nullable Integer blasEnv = parse(System.getenv("OPENBLAS_NUM_THREADS"));
            @Nullable Integer bench = parse(System.getenv("BENCH_THREADS"));
            @Nullable Integer nd4jWanted = omp != null ? omp : bench;
            @Nullable Integer blasWanted = blasEnv != null ? blasEnv : nd4jWanted;
            // ND4J reads OMP_NUM_THREADS when its native library loads; set it again only where it disagrees
            if (nd4jWanted != null && Nd4j.getEnvironment().maxThreads() != nd4jWanted) {
                Nd4j.getEnvironment().setMaxThreads(nd4jWanted);
            }
            if (blasWanted != null && Nd4j.factory().blas().getMaxThreads() != blasWanted) {
                Nd4j.factory().blas().setMaxThreads(blasWanted);
            }
            int nd4j = Nd4j.getEnvironment().maxThreads();
            int blas = Nd4j.factory().blas().getMaxThreads();
            System.err.printf(Locale.ROOT, "[ours] java %s, nd4j backend %s, OMP_NUM_THREADS=%s, OPENBLAS_NUM_THREADS=%s,"
                    + " BENCH_THREADS=%s, OMP_WAIT_POLICY=%s, nd4j maxThreads=%d, blas maxThreads=%d%n",
                    System.getProperty("java.version"), Nd4j.getBackend().getClass().getSimpleName(),
                    System.getenv("OMP_NUM_THREADS"), System.getenv("OPENBLAS_NUM_THREADS"),
                    System.getenv("BENCH_THREADS"), System.getenv("OMP_WAIT_POLICY"), nd4j, blas);
            out.emit("INFO", "nd4j_max_threads", nd4j, "threads");
            out.emit("INFO", "blas_max_threads", blas, "threads");
        }

        private static @Nullable Integer parse(@Nullable String s) {
            if (s == null || s.isBlank()) {
                return null;
            }
            try {
                int v = Integer.parseInt(s.trim());
                return v > 0 ? v : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
