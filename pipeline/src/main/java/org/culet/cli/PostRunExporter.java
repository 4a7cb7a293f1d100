package org.culet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.culet.config.CuletConfig;
import org.culet.warehouse.Manifest;

/**
 * Hook through which a module above pipeline (notebooks-export) turns a finished {@code culet demo} run into
 * figures and a report: list the implementation in META-INF/services/org.culet.cli.PostRunExporter.
 * {@link DemoCommand} calls every registered exporter after the pipeline has published.
 */
public interface PostRunExporter {
    /**
     * Writes what this exporter makes for the acquisition just published and prints the paths it wrote.
     *
     * @param config       the effective configuration of the run
     * @param warehouseUri the warehouse the run published into
     * @param manifest     the run's manifest (sample id and pressure identify the acquisition)
     * @param outDir       folder to write into (created if missing)
     * @param console      where to print the paths
     */
    void export(CuletConfig config, String warehouseUri, Manifest manifest, Path outDir, PrintWriter console);
}
