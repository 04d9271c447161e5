package dev.descent.cli;

import dev.descent.compile.BackendInfo;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code descent info}: the ND4J backend, BLAS vendor, threads and versions. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the ND4J backend, BLAS vendor, threads and versions in use.")
final class InfoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (Map.Entry<String, String> e : BackendInfo.describe().entrySet()) {
            System.out.printf("%-22s %s%n", e.getKey(), e.getValue());
        }
        return 0;
    }
}
