package org.culet.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.culet.cli.Culet;
import org.culet.export.model.AcquisitionData;
import org.culet.export.model.MapLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * culet export end to end on a warehouse the pipeline made from the tiny synthetic preset: figures, the notebook
 * executed by Jupyter, the report rendered by headless Chromium, and the errors for a wrong sample.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportTest {
    @TempDir
    Path dir;
    private String warehouse;
    private String sample;

    @BeforeAll
    void warehouse() throws Exception {
        TestWarehouse.spark();
        warehouse = TestWarehouse.warehouse();
        sample = TestWarehouse.result().manifest().sampleId();
    }

    private record Cli(int code, String out, String err) {
    }

    private static Cli culet(String... args) {
        CommandLine cl = Culet.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    @Test
    void figuresOfTheTinyWarehouseHaveTheTablesValues() throws Exception {
        Path out = dir.resolve("figs");
        Cli r = culet("export", "figures", "--warehouse", warehouse, "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        for (String name : List.of("map_b_par", "map_field_shift", "map_screening_ratio", "map_tc", "map_sigma_zz",
            "map_tau", "map_la_ni", "phase_sc_fraction", "phase_tc_median", "phase_fraction_vs_t", "fit_status",
            "fit_chi2")) {
            assertThat(out.resolve("figures/" + name + ".png")).as(name).isNotEmptyFile();
            assertThat(out.resolve("figures/" + name + ".svg")).as(name).isNotEmptyFile();
            assertThat(r.out()).contains(name + ".png");
        }
        // The maps hold the table's values at the right pixels: compare with Spark directly.
        AcquisitionData data = org.culet.export.load.AcquisitionLoader.load(TestWarehouse.spark(),
            org.culet.warehouse.Warehouse.open(TestWarehouse.spark(), warehouse),
            new org.culet.export.load.AcquisitionLoader.Key(sample, TestWarehouse.result().manifest().pressureGpa()));
        assertThat(data.width()).isEqualTo(16);
        assertThat(data.pixelSizeUm()).isEqualTo(2.0); // tiny preset
        MapLayer szz = data.map("map_sigma_zz");
        var row = TestWarehouse.spark().sql("SELECT sigma_zz_gpa FROM pixel_table WHERE pixel_y = 8 AND pixel_x = 9")
            .collectAsList().get(0);
        assertThat(szz.values()[8 * 16 + 9]).isEqualTo(row.isNullAt(0) ? Double.NaN : row.getDouble(0));
        long onSample = TestWarehouse.spark().sql("SELECT count(*) FROM pixel_table WHERE on_sample").first().getLong(0);
        int on = 0;
        for (boolean b : data.onSample()) {
            on += b ? 1 : 0;
        }
        assertThat(on).isEqualTo(onSample).isPositive();
        assertThat(data.baseSweep()).isNotNull();
        assertThat(data.baseSweep().protocol()).isEqualTo("ZFC");
        assertThat(data.baseSweep().temperatureK()).isEqualTo(20.0);
    }

    @Test
    void aSampleNotInTheWarehouseIsAUserErrorListingWhatIsThere() {
        Cli r = culet("export", "figures", "--warehouse", warehouse, "--sample", "no-such-sample", "--out",
            dir.resolve("x").toString());
        assertThat(r.code()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(r.err()).contains("no-such-sample is not in the warehouse").contains(sample).contains("fix:");
        Cli p = culet("export", "report", "--warehouse", warehouse, "--sample", sample, "--pressure", "99",
            "--out", dir.resolve("y").toString());
        assertThat(p.code()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(p.err()).contains("at 99.0 GPa is not in the warehouse");
        Cli w = culet("export", "notebook", "--warehouse", dir.resolve("nothing").toString(), "--out",
            dir.resolve("z").toString());
        assertThat(w.code()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(w.err()).contains("not a culet warehouse");
        Cli s = culet("serve", "--warehouse", dir.resolve("nothing").toString(), "--port", "0");
        assertThat(s.code()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(s.err()).contains("not a culet warehouse");
        Cli b = culet("serve", "--warehouse", warehouse, "--bind", "no-such-host.invalid");
        assertThat(b.code()).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(b.err()).contains("cannot resolve the bind address");
    }

    @Test
    void theNotebookRunsInJupyterAndRedrawsEveryFigure() throws Exception {
        Path nbconvert = ExternalTools.require("culet.test.skip-jupyter",
            "apt-get install jupyter-nbconvert python3-pandas python3-matplotlib python3-nbformat python3-nbclient "
                + "python3-ipykernel", "jupyter-nbconvert");
        Path out = dir.resolve("nb");
        Cli r = culet("export", "notebook", "--warehouse", warehouse, "--sample", sample, "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Path notebook = out.resolve("notebook.ipynb");
        ObjectMapper json = new ObjectMapper();
        JsonNode before = json.readTree(notebook.toFile());
        assertThat(before.path("nbformat").asInt()).isEqualTo(4);
        List<String> figureCells = new ArrayList<>();
        for (JsonNode cell : before.path("cells")) {
            for (JsonNode o : cell.path("outputs")) {
                if (o.path("data").has("image/png")) {
                    figureCells.add(cell.path("id").asText());
                }
            }
        }
        assertThat(figureCells).as("cells with an embedded culet figure").hasSize(12);
        assertThat(out.resolve("data/pixel_table.csv")).isNotEmptyFile();

        ExternalTools.Run run = ExternalTools.run(out, 600, List.of(nbconvert.toString(), "--to", "notebook",
            "--execute", "--ExecutePreprocessor.timeout=300", "--output", "executed.ipynb", "notebook.ipynb"));
        assertThat(run.exitCode()).as("jupyter-nbconvert output:\n" + run.output()).isZero();
        JsonNode after = json.readTree(out.resolve("executed.ipynb").toFile());
        int images = 0;
        for (JsonNode cell : after.path("cells")) {
            for (JsonNode o : cell.path("outputs")) {
                assertThat(o.path("output_type").asText()).as("cell " + cell.path("id") + " output " + o).isNotEqualTo("error");
                if (o.path("data").has("image/png") && !o.path("data").path("text/plain").asText().startsWith("<culet figure")) {
                    images++;
                }
            }
        }
        assertThat(images).as("figures drawn by matplotlib").isEqualTo(12);
        for (String name : List.of("map_sigma_zz", "map_tc", "phase_sc_fraction", "phase_fraction_vs_t", "fit_status",
            "fit_chi2")) {
            assertThat(out.resolve("notebook-figures/" + name + ".png")).as(name).isNotEmptyFile();
        }
        assertThat(run.output()).doesNotContain("Traceback");
    }

    @Test
    void theReportOpensInChromiumWithEveryImageLoaded() throws Exception {
        Path chromium = ExternalTools.require("culet.test.skip-chromium", "apt-get install chromium", "chromium",
            "chromium-browser", "google-chrome");
        Path out = dir.resolve("report");
        Cli r = culet("export", "report", "--warehouse", warehouse, "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Path report = out.resolve("report.html");
        String html = Files.readString(report);
        int imgs = count(html, "<img ");
        assertThat(imgs).isEqualTo(12);
        assertThat(html).contains("Time per stage").contains("Inputs").contains(sample).contains("pixel_fits")
            .contains(TestWarehouse.result().manifest().runId()).contains("fit");
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        ExternalTools.Run run = ExternalTools.run(out, 120, List.of(chromium.toString(), "--headless", "--no-sandbox",
            "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
            "--virtual-time-budget=10000", "--dump-dom", report.toUri().toString()));
        assertThat(run.exitCode()).as(run.output()).isZero();
        Matcher m = Pattern.compile("data-images-loaded=\"([^\"]*)\"").matcher(run.output());
        assertThat(m.find()).as("the page's load script ran:\n" + tail(run.output())).isTrue();
        assertThat(m.group(1)).as("images loaded / images in the page").isEqualTo(imgs + "/" + imgs);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static String tail(String s) {
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }
}
