package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Spark's {@code local-cluster[2,1,1024]} master for tests: a real standalone master and two workers
 * in this JVM, each worker starting its executor as a child JVM (one core, 1 GiB) on random
 * loopback ports. The executors run the test class path ({@code spark.executor.extraClassPath});
 * the workers need {@code SPARK_HOME} (a folder with an empty {@code jars/}) and
 * {@code SPARK_SCALA_VERSION}, which the Surefire execution of the cluster tests sets.
 */
final class LocalCluster {
    static final int EXECUTORS = 2;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private LocalCluster() {
    }

    /** Starts a context on a fresh local cluster and waits until both executors have registered. */
    static JavaSparkContext start(String appName, Map<String, String> settings) {
        String home = System.getenv("SPARK_HOME");
        assertTrue(home != null && System.getenv("SPARK_SCALA_VERSION") != null,
                "the cluster tests need SPARK_HOME and SPARK_SCALA_VERSION (set by spark/pom.xml's Surefire execution)");
        try {
            Files.createDirectories(Path.of(home, "jars"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        SparkConf conf = new SparkConf().setMaster("local-cluster[" + EXECUTORS + ",1,1024]").setAppName(appName)
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.executor.memory", "1g")
                .set("spark.executor.extraClassPath", classPath)
                .set("spark.executor.extraJavaOptions", System.getProperty("descent.spark.executorJavaOptions", ""))
                .set("spark.executorEnv.OMP_NUM_THREADS", "1")
                .set("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        settings.forEach(conf::set);
        JavaSparkContext sc = new JavaSparkContext(conf);
        try {
            awaitExecutors(sc);
        } catch (RuntimeException e) {
            stop(sc);
            throw e;
        }
        return sc;
    }

    /** Runs {@code body} on a {@code local[2]} context (Spark in this JVM, the executors' work in task threads), then stops it. */
    static <T> T inOneJvm(Function<JavaSparkContext, T> body) {
        JavaSparkContext local = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("one-jvm")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
        try {
            return body.apply(local);
        } finally {
            local.stop();
        }
    }

    /** Waits until both executors are registered with the driver (and their JVMs running). */
    static void awaitExecutors(JavaSparkContext sc) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // the driver is listed among the executors too
        while (sc.sc().statusTracker().getExecutorInfos().length < EXECUTORS + 1 || executorProcesses().size() < EXECUTORS) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the local cluster's executors did not register within " + START_TIMEOUT);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The executor JVMs this JVM's workers started (its child processes running Spark's executor backend). */
    static List<ProcessHandle> executorProcesses() {
        try (Stream<ProcessHandle> children = ProcessHandle.current().descendants()) {
            return children.filter(LocalCluster::isExecutor).toList();
        }
    }

    private static boolean isExecutor(ProcessHandle p) {
        return p.isAlive() && commandLine(p).contains("org.apache.spark.executor.CoarseGrainedExecutorBackend");
    }

    /** The Spark executor id of an executor JVM (its {@code --executor-id} argument). */
    static String executorId(ProcessHandle p) {
        List<String> args = List.of(commandLine(p).split(" "));
        int i = args.indexOf("--executor-id");
        assertTrue(i >= 0 && i + 1 < args.size(), "no --executor-id in the command line of " + p.pid());
        return args.get(i + 1);
    }

    /** The full command line (ProcessHandle.Info cuts command lines over a page short, and the class path is long). */
    private static String commandLine(ProcessHandle p) {
        Path proc = Path.of("/proc", String.valueOf(p.pid()), "cmdline");
        try {
            if (Files.isReadable(proc)) {
                return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
            }
        } catch (IOException e) {
            return ""; // it exited meanwhile
        }
        return p.info().commandLine().orElse("");
    }

    /** Kills {@code p} with SIGKILL and waits until it is gone. */
    static void kill(ProcessHandle p) {
        p.destroyForcibly();
        await(p);
    }

    /** Stops the context (and with it the cluster) and waits until every executor JVM has exited. */
    static void stop(JavaSparkContext sc) {
        List<ProcessHandle> executors = executorProcesses();
        sc.stop();
        for (ProcessHandle p : executors) {
            await(p);
        }
        List<ProcessHandle> left = executorProcesses();
        left.forEach(ProcessHandle::destroyForcibly);
        assertTrue(left.isEmpty(), "executor JVMs outlived the cluster: " + left);
    }

    private static void await(ProcessHandle p) {
        try {
            p.onExit().get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            p.destroyForcibly();
            throw new IllegalStateException("executor " + p.pid() + " did not exit within " + EXIT_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
