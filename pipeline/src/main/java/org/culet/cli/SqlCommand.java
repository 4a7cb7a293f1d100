package org.culet.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.culet.config.CuletConfig;
import org.culet.config.UserException;
import org.culet.spark.SparkSessions;
import org.culet.sql.CuletFunctions;
import org.culet.tables.TableDef;
import org.culet.tables.Tables;
import org.culet.warehouse.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code culet sql}: Spark SQL over a warehouse. Every culet table is a view by its name, every culet SQL
 * function is registered. With {@code -e} it runs the statement(s) and prints the results; without, it reads
 * statements from standard input (an interactive shell on a terminal).
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Runs Spark SQL on a culet warehouse: every table (sweeps, pixel_fits, pixel_physics, pixel_series,",
        "composition, pixel_table, phase_diagram, quarantine, run_log) is a view by its name, and the culet",
        "functions (nv_lines, field_from_e, tau_max, tau_interface, sigma_from_d, d0_mhz) are registered.",
        "Without -e: an interactive shell; statements end with ';', \\q quits, \\d lists tables,",
        "\\d TABLE describes one, \\f lists the functions."})
public final class SqlCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SqlCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions = new ConfigOptions();

    @Option(names = "--warehouse", required = true, paramLabel = "DIR",
        description = "Warehouse folder or URI (file:///..., hdfs://...), as given to 'culet run --out'.")
    String warehouse;

    @Option(names = {"-e", "--execute"}, paramLabel = "SQL",
        description = "Statement(s) to run, separated by ';'. Without it, statements are read from standard input.")
    String execute;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
        description = "Output format: table, csv or json (JSON lines); default ${DEFAULT-VALUE}.")
    ResultPrinter.Format format;

    @Option(names = "--max-rows", paramLabel = "N",
        description = "Print at most N rows per statement (0 = all; default culet.sql.max-rows).")
    Integer maxRows;

    /** Standard input; tests replace it. */
    InputStream input = System.in;

    @Override
    public Integer call() {
        CuletConfig config = configOptions.load("sql");
        int limit = maxRows != null ? maxRows : config.culet().getInt("sql.max-rows");
        // Refuse a wrong folder before starting Spark (a few seconds).
        Warehouse.open(warehouse, new org.apache.hadoop.conf.Configuration()).requireReadable();
        SparkSession spark = SparkSessions.create(config, "culet sql");
        CuletFunctions.register(spark, config.culet());
        Warehouse.open(spark, warehouse).registerViews(spark);
        PrintWriter out = spec.commandLine().getOut();
        if (execute != null) {
            for (String statement : splitStatements(execute)) {
                run(spark, statement, limit, out);
            }
            return 0;
        }
        shell(spark, limit, out);
        return 0;
    }

    private void run(SparkSession spark, String statement, int limit, PrintWriter out) {
        Dataset<Row> result;
        try {
            result = spark.sql(statement);
            if (result.schema().isEmpty()) {
                result.collectAsList();
                out.println("OK");
                out.flush();
                return;
            }
            ResultPrinter.print(result, format, limit, out);
        } catch (UserException e) {
            throw e;
        } catch (Exception e) { // AnalysisException is a checked exception (Scala does not declare it)
            LOG.debug("SQL failed: {}", statement, e);
            throw new UserException("the SQL statement failed: " + firstLines(e), "SQL: " + statement.strip(),
                "check table and column names with SHOW TABLES and DESCRIBE <table>; functions: "
                    + String.join(", ", functionNames()));
        }
    }

    private void shell(SparkSession spark, int limit, PrintWriter out) {
        boolean terminal = System.console() != null && input == System.in;
        if (terminal) {
            out.println("culet sql on " + warehouse + ": statements end with ';', \\q quits, \\d lists tables, "
                + "\\f lists functions");
        }
        StringBuilder pending = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            while (true) {
                if (terminal) {
                    out.print(pending.length() == 0 ? "culet> " : "    -> ");
                    out.flush();
                }
                String line = reader.readLine();
                if (line == null) {
                    break;
                }
                String trimmed = line.strip();
                if (pending.length() == 0 && trimmed.startsWith("\\")) {
                    if (!meta(spark, trimmed, out)) {
                        break;
                    }
                    continue;
                }
                pending.append(line).append('\n');
                List<String> statements = splitStatements(pending.toString());
                boolean complete = endsStatement(pending.toString());
                int ready = complete ? statements.size() : statements.size() - 1;
                for (int i = 0; i < ready; i++) {
                    try {
                        run(spark, statements.get(i), limit, out);
                    } catch (UserException e) {
                        out.println("error: " + e.getMessage());
                        out.flush();
                    }
                }
                pending.setLength(0);
                if (!complete && !statements.isEmpty()) {
                    String rest = statements.get(statements.size() - 1);
                    if (rest.startsWith("\\")) {
                        // a backslash command after the last ';' of the line, e.g. "SELECT 1; \q"
                        if (!meta(spark, rest, out)) {
                            break;
                        }
                    } else {
                        pending.append(rest).append('\n');
                    }
                }
            }
        } catch (IOException e) {
            throw new UserException("cannot read statements from standard input: " + e.getMessage(), "stdin",
                "pass the statement with -e instead");
        }
        if (!pending.toString().isBlank()) {
            run(spark, pending.toString(), limit, out); // a last statement without ';' at end of input
        }
    }

    /** Runs a backslash command; false to quit. */
    private boolean meta(SparkSession spark, String command, PrintWriter out) {
        String[] parts = command.split("\\s+");
        switch (parts[0]) {
            case "\\q":
                return false;
            case "\\d":
                if (parts.length == 1) {
                    for (TableDef t : Tables.ALL) {
                        out.printf("%-14s %s%n", t.name(), t.description());
                    }
                } else {
                    try {
                        ResultPrinter.print(spark.sql("DESCRIBE " + parts[1]), ResultPrinter.Format.TABLE, 0, out);
                    } catch (Exception e) {
                        out.println("error: " + firstLines(e));
                    }
                }
                break;
            case "\\f":
                CuletFunctions.SIGNATURES.forEach(out::println);
                break;
            default:
                out.println("unknown command " + parts[0] + ": \\q quits, \\d [TABLE] describes, \\f lists functions");
        }
        out.flush();
        return true;
    }

    private static List<String> functionNames() {
        List<String> names = new ArrayList<>();
        for (String s : CuletFunctions.SIGNATURES) {
            names.add(s.substring(0, s.indexOf('(')));
        }
        return names;
    }

    private static String firstLines(Throwable e) {
        String msg = e instanceof org.apache.spark.sql.AnalysisException a ? a.getSimpleMessage()
            : e.getMessage() == null ? e.toString() : e.getMessage();
        String[] lines = msg.strip().split("\n");
        StringBuilder sb = new StringBuilder(lines[0]);
        for (int i = 1; i < Math.min(lines.length, 4); i++) {
            sb.append('\n').append("  ").append(lines[i]);
        }
        return sb.toString();
    }

    /** True when {@code text} ends (ignoring white space) with a ';' outside quotes. */
    static boolean endsStatement(String text) {
        String t = text.stripTrailing();
        return t.endsWith(";") && splitStatementsRaw(t).complete;
    }

    /** Statements of {@code text} split at ';' outside quotes, backticks and -- comments; blanks dropped. */
    static List<String> splitStatements(String text) {
        return splitStatementsRaw(text).statements;
    }

    private record Split(List<String> statements, boolean complete) {
    }

    private static Split splitStatementsRaw(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        boolean comment = false;
        boolean lastWasTerminator = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (comment) {
                current.append(c);
                if (c == '\n') {
                    comment = false;
                }
                continue;
            }
            if (quote != 0) {
                current.append(c);
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                comment = true;
                current.append(c);
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                quote = c;
                current.append(c);
                lastWasTerminator = false;
                continue;
            }
            if (c == ';') {
                if (!current.toString().isBlank()) {
                    out.add(current.toString().strip());
                }
                current.setLength(0);
                lastWasTerminator = true;
                continue;
            }
            if (!Character.isWhitespace(c)) {
                lastWasTerminator = false;
            }
            current.append(c);
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return new Split(out, lastWasTerminator && quote == 0);
    }
}
