package org.culet.export.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of every {@code culet export} subcommand. */
public final class ExportOptions {
    @Option(names = "--warehouse", required = true, paramLabel = "DIR",
        description = "Warehouse folder or URI, as given to 'culet run --out'.")
    String warehouse;

    @Option(names = "--sample", paramLabel = "ID",
        description = "Sample id to export (optional when the warehouse holds one sample).")
    String sample;

    @Option(names = "--pressure", paramLabel = "GPA",
        description = "Pressure of the acquisition, GPa (optional when the sample has one).")
    Double pressure;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Export folder: figures go to DIR/figures, the notebook to DIR/notebook.ipynb (CSV extracts in "
            + "DIR/data), the report to DIR/report.html. Existing files of the same names are replaced.")
    Path out;
}
