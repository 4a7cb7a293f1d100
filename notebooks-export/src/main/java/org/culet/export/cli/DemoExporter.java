package org.culet.export.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.culet.cli.PostRunExporter;
import org.culet.config.CuletConfig;
import org.culet.export.Exporter;
import org.culet.warehouse.Manifest;

/** Ends {@code culet demo} with the figures, the notebook and the report of the demo acquisition. */
public final class DemoExporter implements PostRunExporter {
    @Override
    public void export(CuletConfig config, String warehouseUri, Manifest manifest, Path outDir, PrintWriter console) {
        Exporter exporter = Exporter.open(config, null, warehouseUri, manifest.sampleId(), manifest.pressureGpa(),
            outDir);
        console.println();
        exporter.printFigures(console);
        console.println("notebook: " + exporter.notebook());
        console.println("report:   " + exporter.report() + "   (open it in a browser)");
        console.flush();
    }
}
