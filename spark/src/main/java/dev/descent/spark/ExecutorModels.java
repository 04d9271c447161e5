package dev.descent.spark;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.store.ModelFile;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled models of one executor JVM, keyed by model id (the SHA-256 of the model file bytes).
 * A compiled model is not thread-safe, and an executor runs several tasks at once, so each id has a
 * pool: a task borrows a model (compiling one only when every pooled model is in use) and returns it.
 * The pool therefore grows to the executor's task slots and no further, and every later step reuses
 * the models: compilation happens once per slot per JVM, not once per task.
 */
final class ExecutorModels {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
    private static final Map<String, ConcurrentLinkedDeque<CompiledModel>> POOLS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> COMPILED = new ConcurrentHashMap<>();

    private ExecutorModels() {
    }

    static CompiledModel borrow(String modelId, byte[] modelFile) {
        CompiledModel m = POOLS.computeIfAbsent(modelId, k -> new ConcurrentLinkedDeque<>()).pollFirst();
        if (m != null) {
            return m;
        }
        m = GraphCompiler.compile(ModelFile.fromBytes(modelFile, "model " + modelId).graph());
        int n = COMPILED.computeIfAbsent(modelId, k -> new AtomicInteger()).incrementAndGet();
        LOG.debug("compiled model {} on this executor ({} so far)", modelId, n);
        return m;
    }

    static void release(String modelId, CompiledModel model) {
        POOLS.computeIfAbsent(modelId, k -> new ConcurrentLinkedDeque<>()).addFirst(model);
    }

    /** How many times this JVM compiled the model (for tests and diagnostics). */
    static int compilations(String modelId) {
        AtomicInteger n = COMPILED.get(modelId);
        return n == null ? 0 : n.get();
    }
}
