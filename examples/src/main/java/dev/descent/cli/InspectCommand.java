package dev.descent.cli;

import dev.descent.DescentException;
import dev.descent.store.ModelFile;
import dev.descent.store.Safetensors;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code descent inspect FILE}: verifies a model or checkpoint file (checksum first, then every
 * bound) or a {@code .safetensors} file (every length and offset, before anything is allocated)
 * and prints what it holds. A bad file gets exit status 2 and a one-line reason on stderr.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Verify a model or checkpoint file and print its architecture, parameter shapes, optimizer "
                + "and step; or a .safetensors file (PyTorch weights) and print its tensors' names, dtypes and shapes "
                + "and its metadata. Exit status 2, with a one-line reason, when the file is damaged or not such a file.")
final class InspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "a .descent model or checkpoint file, or a .safetensors file")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String description;
        try {
            description = Safetensors.isSafetensorsName(file) ? Safetensors.describe(file) : ModelFile.describe(file);
        } catch (DescentException e) {
            // CorruptFileException included: the message says what is wrong; a stack trace would not help
            spec.commandLine().getErr().println("descent inspect: " + e.getMessage().replace('\n', ' '));
            spec.commandLine().getErr().flush();
            return 2;
        }
        spec.commandLine().getOut().print(description);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
