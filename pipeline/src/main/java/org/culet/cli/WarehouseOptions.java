package org.culet.cli;

import org.culet.warehouse.Warehouse;
import picocli.CommandLine.Option;

/**
 * Options of every command that writes a warehouse ({@code culet run}, {@code culet demo}, nightly mode):
 * {@code --out WAREHOUSE} and {@code --overwrite}. Call {@link #checkWritable} first thing, before any computing.
 */
public final class WarehouseOptions {
    @Option(names = "--out", required = true, paramLabel = "WAREHOUSE",
        description = "Warehouse folder or Hadoop URI (file:///..., hdfs://...) to publish the tables into; it may "
            + "hold many acquisitions.")
    public String out;

    @Option(names = "--overwrite",
        description = "Re-process an acquisition the warehouse already holds: its partitions (and only those) are "
            + "replaced when the new run publishes. Without it an existing acquisition is refused before computing.")
    public boolean overwrite;

    /**
     * Opens the warehouse (no Spark needed) and checks that (sample, pressure) may be written.
     *
     * @throws org.culet.config.UserException with what to do otherwise
     */
    public Warehouse checkWritable(String sampleId, double pressureGpa) {
        Warehouse warehouse = Warehouse.open(out, new org.apache.hadoop.conf.Configuration());
        warehouse.checkWritable(sampleId, pressureGpa, overwrite);
        return warehouse;
    }

    /** "OVERWRITE" or "RUN", for the manifest. */
    public String mode() {
        return overwrite ? "OVERWRITE" : "RUN";
    }
}
