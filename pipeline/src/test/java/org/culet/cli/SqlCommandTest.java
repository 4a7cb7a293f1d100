package org.culet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.culet.spark.SharedSpark;
import org.culet.tables.Tables;
import org.culet.warehouse.CommitInfo;
import org.culet.warehouse.RunWriter;
import org.culet.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SqlCommandTest {
    @TempDir
    static Path dir;
    static String warehouse;

    @BeforeAll
    static void publish() {
        SparkSession spark = SharedSpark.session();
        warehouse = dir.resolve("wh").toString();
        var schema = DataTypes.createStructType(List.of(
            DataTypes.createStructField("tile_id", DataTypes.IntegerType, false),
            DataTypes.createStructField("pixel_y", DataTypes.IntegerType, false),
            DataTypes.createStructField("pixel_x", DataTypes.IntegerType, false),
            DataTypes.createStructField("sigma_zz_gpa", DataTypes.DoubleType, true),
            DataTypes.createStructField("sigma_perp_gpa", DataTypes.DoubleType, true),
            DataTypes.createStructField("status", DataTypes.StringType, false)));
        try (RunWriter run = Warehouse.open(spark, warehouse).begin(spark, "LNO-1", 15.0, false, "RUN")) {
            run.write(Tables.PIXEL_TABLE, spark.createDataFrame(List.of(
                RowFactory.create(0, 0, 0, 12.0, 8.0, "OK"),
                RowFactory.create(0, 0, 1, 14.5, 9.5, "OK")), schema));
            run.commit(CommitInfo.create().config(SharedSpark.config()));
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(SqlCommand command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        CommandLine root = Culet.commandLine();
        cl.setExecutionExceptionHandler(root.getExecutionExceptionHandler());
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void executesStatementsOnEveryTableWithTheCuletFunctions() {
        Result r = run(new SqlCommand(), "--warehouse", warehouse, "-e",
            "SELECT sample_id, pressure_gpa, pixel_x, tau_max(sigma_zz_gpa, sigma_perp_gpa) AS tau_max_gpa "
                + "FROM pixel_table ORDER BY pixel_x; SELECT count(*) AS n FROM quarantine");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("| sample_id | pressure_gpa | pixel_x | tau_max_gpa |")
            .contains("| LNO-1     | 15.0         | 0       | 2.0         |")
            .contains("| LNO-1     | 15.0         | 1       | 2.5         |")
            .contains("2 rows").contains("| n |").contains("| 0 |");
    }

    @Test
    void csvAndJsonFormats() {
        Result csv = run(new SqlCommand(), "--warehouse", warehouse, "--format", "csv", "-e",
            "SELECT pixel_x, sigma_zz_gpa, 'a,b' AS t FROM pixel_table ORDER BY pixel_x");
        assertThat(csv.exit()).as(csv.err()).isZero();
        assertThat(csv.out()).isEqualToNormalizingNewlines("pixel_x,sigma_zz_gpa,t\n0,12.0,\"a,b\"\n1,14.5,\"a,b\"\n");
        Result json = run(new SqlCommand(), "--warehouse", warehouse, "--format", "json", "-e",
            "SELECT pixel_x, sigma_zz_gpa FROM pixel_table ORDER BY pixel_x");
        assertThat(json.out()).isEqualToNormalizingNewlines(
            "{\"pixel_x\":0,\"sigma_zz_gpa\":12.0}\n{\"pixel_x\":1,\"sigma_zz_gpa\":14.5}\n");
    }

    @Test
    void interactiveShellRunsSemicolonTerminatedStatementsUntilBackslashQ() {
        SqlCommand command = new SqlCommand();
        command.input = new ByteArrayInputStream(("SELECT 1 + 1\n  AS two;\nSELECT no_such_column FROM pixel_table;\n"
            + "\\d\nSELECT 3 AS three; \\q\n\\q\nSELECT 4 AS fourth;\n").getBytes(StandardCharsets.UTF_8));
        Result r = run(command, "--warehouse", warehouse);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("| two |").contains("| 2   |")
            .contains("error: the SQL statement failed").contains("no_such_column")
            .contains("phase_diagram").contains("| three |")
            .doesNotContain("fourth").doesNotContain("Project [");
    }

    @Test
    void errorsAreUserErrors() {
        Result bad = run(new SqlCommand(), "--warehouse", warehouse, "-e", "SELECT nope FROM pixel_table");
        assertThat(bad.exit()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(bad.err()).contains("the SQL statement failed").contains("SQL: SELECT nope FROM pixel_table");
        Result notWarehouse = run(new SqlCommand(), "--warehouse", dir.resolve("nothing").toString(), "-e", "SELECT 1");
        assertThat(notWarehouse.exit()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(notWarehouse.err()).contains("not a culet warehouse");
    }

    @Test
    void statementSplittingRespectsQuotes() {
        assertThat(SqlCommand.splitStatements("SELECT ';' AS a; SELECT 2;;\n")).containsExactly("SELECT ';' AS a",
            "SELECT 2");
        assertThat(SqlCommand.endsStatement("SELECT 'x;")).isFalse();
        assertThat(SqlCommand.endsStatement("SELECT 1;  ")).isTrue();
    }
}
