package org.culet.export;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.culet.config.CuletConfig;
import org.culet.config.UserException;
import org.culet.export.figures.Figure;
import org.culet.export.figures.FigureSettings;
import org.culet.export.figures.Figures;
import org.culet.export.load.AcquisitionLoader;
import org.culet.export.model.AcquisitionData;
import org.culet.export.notebook.NotebookWriter;
import org.culet.export.report.ReportWriter;
import org.culet.spark.SparkSessions;
import org.culet.warehouse.Warehouse;

/**
 * What {@code culet export} and the demo do: choose an acquisition of a warehouse, collect its extracts through
 * Spark, then write figures (OUT/figures), the notebook with its CSV extracts (OUT/notebook.ipynb, OUT/data) and the
 * report (OUT/report.html).
 */
public final class Exporter {
    /** Folder of the figures inside the export folder. */
    public static final String FIGURES = "figures";

    private final AcquisitionData data;
    private final String warehouseRoot;
    private final FigureSettings settings;
    private final Path out;
    private List<Figure> figures;

    private Exporter(AcquisitionData data, String warehouseRoot, FigureSettings settings, Path out) {
        this.data = data;
        this.warehouseRoot = warehouseRoot;
        this.settings = settings;
        this.out = out.toAbsolutePath().normalize();
    }

    /**
     * Opens the warehouse, checks the acquisition is there (before Spark starts), then collects its data.
     *
     * @param spark    the session to use, or null to create culet's session from {@code config}
     * @param sampleId null: the warehouse's only sample
     * @param pressureGpa null: the sample's only pressure
     */
    public static Exporter open(CuletConfig config, SparkSession spark, String warehouseUri, String sampleId,
                                Double pressureGpa, Path out) {
        Warehouse quick = Warehouse.open(warehouseUri, new org.apache.hadoop.conf.Configuration());
        AcquisitionLoader.Key key = AcquisitionLoader.choose(quick, sampleId, pressureGpa);
        // Reuse a running session (the demo's) as it is; else create culet's.
        SparkSession session = spark != null ? spark : SparkSession.getDefaultSession().isDefined()
            ? SparkSession.getDefaultSession().get() : SparkSessions.create(config, "culet export");
        Warehouse warehouse = Warehouse.open(session, warehouseUri);
        AcquisitionData data = AcquisitionLoader.load(session, warehouse, key);
        return new Exporter(data, warehouse.root().toString(), FigureSettings.fromConfig(
            config.culet().getConfig("export")), out);
    }

    public AcquisitionData data() {
        return data;
    }

    public Path out() {
        return out;
    }

    /** Writes (once) and returns the figures. */
    public List<Figure> figures() {
        if (figures == null) {
            try {
                figures = Figures.writeAll(data, out.resolve(FIGURES), settings);
            } catch (IOException e) {
                throw writeError(e);
            }
        }
        return figures;
    }

    public Path notebook() {
        try {
            return NotebookWriter.write(data, figures(), settings, warehouseRoot, out);
        } catch (IOException e) {
            throw writeError(e);
        }
    }

    public Path report() {
        try {
            return ReportWriter.write(data, figures(), out);
        } catch (IOException e) {
            throw writeError(e);
        }
    }

    private UserException writeError(IOException e) {
        return new UserException("cannot write the export: " + e, out.toString(),
            "check that the folder is writable and the disk not full", e);
    }

    /** Prints the figures' PNG paths. */
    public void printFigures(PrintWriter console) {
        console.println("figures of " + data.label() + " (PNG and SVG) in " + out.resolve(FIGURES) + ":");
        for (Figure f : figures()) {
            console.println("  " + f.png());
        }
        console.flush();
    }
}
