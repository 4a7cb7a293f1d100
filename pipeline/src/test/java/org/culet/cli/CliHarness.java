package org.culet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs culet in-process and captures what it prints. */
final class CliHarness {
    final int exitCode;
    final String out;
    final String err;

    private CliHarness(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static CliHarness run(String... args) {
        CommandLine cl = Culet.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliHarness(code, out.toString(), err.toString());
    }
}
