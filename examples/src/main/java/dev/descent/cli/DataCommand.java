package dev.descent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code descent data ...}: data set tools ({@code import}). */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Data set tools: 'data import' converts a CSV file into a file-backed dataset for data larger than memory.",
        subcommands = {DataImportCommand.class, CommandLine.HelpCommand.class})
final class DataCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
