package dev.descent.cli

import java.io.File
import java.io.PrintWriter
import java.nio.file.Files
import java.nio.file.Path
import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.startCoroutine
import kotlin.script.experimental.annotations.KotlinScript
import kotlin.script.experimental.api.CompiledScript
import kotlin.script.experimental.api.ResultValue
import kotlin.script.experimental.api.ResultWithDiagnostics
import kotlin.script.experimental.api.ScriptCompilationConfiguration
import kotlin.script.experimental.api.ScriptDiagnostic
import kotlin.script.experimental.api.ScriptEvaluationConfiguration
import kotlin.script.experimental.api.compilerOptions
import kotlin.script.experimental.api.constructorArgs
import kotlin.script.experimental.api.defaultImports
import kotlin.script.experimental.host.toScriptSource
import kotlin.script.experimental.jvm.BasicJvmScriptEvaluator
import kotlin.script.experimental.jvm.baseClassLoader
import kotlin.script.experimental.jvm.impl.KJvmCompiledScript
import kotlin.script.experimental.jvm.jvm
import kotlin.script.experimental.jvm.loadDependencies
import kotlin.script.experimental.jvm.updateClasspath
import kotlin.script.experimental.jvmhost.JvmScriptCompiler
import kotlin.script.experimental.jvmhost.createJvmCompilationConfigurationFromTemplate
import kotlin.script.experimental.jvmhost.createJvmEvaluationConfigurationFromTemplate
import kotlin.script.experimental.jvmhost.loadScriptFromJar
import kotlin.script.experimental.jvmhost.saveToJar

/**
 * What a Kotlin model script (`model.kts`, `model.main.kts`) is compiled as: its body runs in the
 * constructor, sees its command-line arguments as [args], and needs no import lines for Descent's
 * Kotlin DSL ([SCRIPT_IMPORTS]).
 */
@KotlinScript(
    displayName = "Descent model script",
    fileExtension = "kts",
    compilationConfiguration = DescentScriptCompilation::class,
)
abstract class DescentScript(
    /** The script's command-line arguments (those after the script's path). */
    val args: Array<String>,
)

/** What every model script imports without saying so. */
internal val SCRIPT_IMPORTS =
    listOf("dev.descent.kotlin.*", "kotlin.math.*", "java.nio.file.Path", "kotlin.io.path.*", "kotlin.system.exitProcess")

/** How model scripts compile: the DSL imported by default ([SCRIPT_IMPORTS]), bytecode for Java 17. */
object DescentScriptCompilation : ScriptCompilationConfiguration({
    defaultImports(SCRIPT_IMPORTS)
    compilerOptions("-jvm-target", "17")
}) {
    private fun readResolve(): Any = DescentScriptCompilation
}

/**
 * Compiles and runs Kotlin model scripts in this JVM with Kotlin's own scripting host
 * (`kotlin-scripting-jvm-host`), against this JVM's class path (the library, the Kotlin DSL, ND4J).
 *
 * - A compile error is printed as `file:line:column: error: message` (status 1).
 * - An exception out of the script is printed as `java` prints an uncaught one, its trace ending at
 *   the script's own lines (`at Model.<init>(model.kts:12)`), status 1.
 * - Compiled scripts are cached by content hash (the script's text and name, the Kotlin version
 *   and the class path's jars) as jars in [ScriptCache] `kts` (`descent.kts.cache`, else `~/.cache/descent/kts`): a second run loads the classes and never
 *   starts the compiler, so it starts about as fast as a `.java` script.
 * - Once the script's body has run, the run waits for the non-daemon threads it started, as for
 *   `.java` scripts.
 */
internal object KotlinScript {
    /** Jars the script never needs on its compile class path: the compiler itself and its helpers. */
    private val COMPILER_JARS = Regex(
        "(kotlin-compiler-embeddable|kotlin-scripting-compiler(-impl)?-embeddable|kotlin-daemon-embeddable|trove4j)[^/]*\\.jar$")

    /** Compiles (or loads from the cache) and runs [file] with [args]; diagnostics go to [err]. Returns the exit status. */
    @JvmStatic
    fun run(file: Path, args: Array<String>, err: PrintWriter): Int {
        val text = try {
            Files.readString(file)
        } catch (e: java.io.IOException) {
            err.println("descent run: cannot read $file: $e")
            err.flush()
            return JavaSourceScript.CANNOT_RUN
        }
        val cached = ScriptCache.of("kts").entry(
            "descent-kts 2 kotlin ${KotlinVersion.CURRENT} java ${Runtime.version().feature()} ${SCRIPT_IMPORTS.joinToString()}",
            file, text, RunCommand.launchClassPath())
        val compiled = load(cached) ?: compile(file, text, compileClassPath(), cached, err) ?: return 1
        return evaluate(compiled, args)
    }

    /** What a script compiles against: this JVM's class path made explicit, without the compiler's own jars. */
    private fun compileClassPath(): List<File> = RunCommand.classPath().split(File.pathSeparator)
        .filter { it.isNotEmpty() && !COMPILER_JARS.containsMatchIn(it) }
        .map { File(it) }
        .filter { it.isDirectory || it.name.endsWith(".jar") } // not the backend's pom

    private fun load(jar: Path): CompiledScript? = try {
        if (Files.isRegularFile(jar)) jar.toFile().loadScriptFromJar() else null
    } catch (e: Exception) {
        null // a damaged cache entry: compile again
    }

    private fun compile(file: Path, text: String, classPath: List<File>, cached: Path, err: PrintWriter): CompiledScript? {
        val configuration = createJvmCompilationConfigurationFromTemplate<DescentScript> {
            updateClasspath(classPath)
        }
        val source = text.toScriptSource(file.toString())
        return when (val result = runSuspend { JvmScriptCompiler()(source, configuration) }) {
            is ResultWithDiagnostics.Success -> {
                ScriptCache.store(cached) { tmp -> (result.value as KJvmCompiledScript).saveToJar(tmp.toFile()) }
                result.value
            }
            is ResultWithDiagnostics.Failure -> {
                result.reports.filter { it.severity >= ScriptDiagnostic.Severity.ERROR }.forEach { err.println(format(file, it)) }
                err.flush()
                null
            }
        }
    }

    /** `file:line:column: error: message`, as kotlinc prints it. */
    private fun format(file: Path, d: ScriptDiagnostic): String {
        val where = d.location?.start?.let { "$file:${it.line}:${it.col}: " } ?: "$file: "
        val kind = if (d.severity == ScriptDiagnostic.Severity.WARNING) "warning" else "error"
        return "$where$kind: ${d.message}" + (d.exception?.let { " ($it)" } ?: "")
    }

    private fun evaluate(compiled: CompiledScript, args: Array<String>): Int {
        val evaluation = createJvmEvaluationConfigurationFromTemplate<DescentScript> {
            constructorArgs(args)
            jvm {
                baseClassLoader(ClassLoader.getSystemClassLoader())
                loadDependencies(false) // the class path is this JVM's own: share its classes
            }
        }
        System.out.flush()
        val before = JavaSourceScript.liveThreads()
        val result = runSuspend { BasicJvmScriptEvaluator()(compiled, evaluation) }
        val status = when (result) {
            is ResultWithDiagnostics.Success -> when (val value = result.value.returnValue) {
                is ResultValue.Error -> {
                    uncaught(value.error, value.scriptClass?.java?.name)
                    1
                }
                else -> 0
            }
            is ResultWithDiagnostics.Failure -> {
                val error = result.reports.firstNotNullOfOrNull { it.exception }
                if (error != null) {
                    uncaught(error, null)
                } else {
                    result.reports.forEach { System.err.println("error: ${it.message}") }
                }
                1
            }
        }
        JavaSourceScript.awaitThreadsStartedSince(before)
        return status
    }

    /** Prints [error] as the JVM prints an uncaught exception, its trace cut after the script's last frame. */
    private fun uncaught(error: Throwable, scriptClass: String?) {
        if (scriptClass != null) {
            val trace = error.stackTrace
            val last = trace.indexOfLast { it.className == scriptClass || it.className.startsWith("$scriptClass$") }
            if (last >= 0) {
                error.stackTrace = trace.copyOfRange(0, last + 1)
            }
        }
        System.out.flush()
        val thread = Thread.currentThread()
        thread.uncaughtExceptionHandler.uncaughtException(thread, error)
        System.err.flush()
    }

    /** Runs a suspending function that never suspends (the scripting API's are such), on this thread. */
    private fun <T> runSuspend(block: suspend () -> T): T {
        var outcome: Result<T>? = null
        block.startCoroutine(Continuation(EmptyCoroutineContext) { outcome = it })
        return checkNotNull(outcome) { "the scripting host suspended" }.getOrThrow()
    }
}
