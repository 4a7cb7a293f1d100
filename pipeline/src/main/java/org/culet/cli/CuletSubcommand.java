package org.culet.cli;

/**
 * Service interface through which modules above pipeline (notebooks-export, deploy) add subcommands to
 * {@code culet}: list the implementation in META-INF/services/org.culet.cli.CuletSubcommand.
 */
public interface CuletSubcommand {
    /** Subcommand name as typed, e.g. "export". */
    String name();

    /** A fresh picocli command object (annotated with @Command). */
    Object command();
}
