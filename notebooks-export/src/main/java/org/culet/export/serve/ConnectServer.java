package org.culet.export.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService;
import org.apache.spark.sql.connect.service.SparkConnectService$;
import org.culet.config.UserException;
import org.culet.tables.TableDef;
import org.culet.tables.Tables;
import org.culet.warehouse.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Spark Connect server in this JVM, on culet's SparkContext, with every culet table of a warehouse registered by
 * name in the session catalog ({@code default.pixel_table}, ...), so that any Spark Connect client (PySpark, the JVM
 * client) can {@code SELECT ... FROM pixel_table}. Tables are external Parquet tables over the warehouse's table
 * folders with culet's schemas (units and descriptions as column comments); each client session sees them because
 * Spark Connect sessions share the server's catalog (temporary views would not be shared).
 */
public final class ConnectServer {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectServer.class);

    private final int port;
    private final String bindAddress;
    private final List<String> tables;

    private ConnectServer(int port, String bindAddress, List<String> tables) {
        this.port = port;
        this.bindAddress = bindAddress;
        this.tables = List.copyOf(tables);
    }

    /** The port the server listens on (the actual one when 0 was asked for). */
    public int port() {
        return port;
    }

    public String bindAddress() {
        return bindAddress;
    }

    /** Names of the registered tables. */
    public List<String> tables() {
        return tables;
    }

    /** {@code sc://ADDRESS:PORT}, the URL clients connect to. */
    public String url() {
        String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
        return "sc://" + ("0.0.0.0".equals(bindAddress) || "[::]".equals(host) ? "127.0.0.1" : host) + ":" + port;
    }

    /**
     * Registers the warehouse's tables in {@code spark}'s catalog and starts Spark Connect on {@code bindAddress}:
     * {@code port} (0: any free port). Only one server per JVM.
     */
    public static ConnectServer start(SparkSession spark, String warehouseUri, String bindAddress, int port) {
        if (port < 0 || port > 65535) {
            throw new UserException("port " + port + " is not a TCP port", "--port", "give 1..65535 (or 0: any free port)");
        }
        Warehouse warehouse = Warehouse.open(spark, warehouseUri);
        List<String> names = registerTables(spark, warehouse);
        org.apache.spark.SparkConf conf = SparkEnv.get().conf();
        conf.set("spark.connect.grpc.binding.address", bindAddress);
        conf.set("spark.connect.grpc.binding.port", Integer.toString(port));
        try {
            SparkConnectService.start(spark.sparkContext());
        } catch (RuntimeException e) {
            throw new UserException("cannot start the Spark Connect server on " + bindAddress + ":" + port + ": "
                + e.getMessage(), "--bind " + bindAddress + " --port " + port,
                "choose a free port with --port, or stop what listens there", e);
        }
        int actual = SparkConnectService$.MODULE$.server().getPort();
        LOG.info("Spark Connect server listening on {}:{} with {} tables", bindAddress, actual, names.size());
        return new ConnectServer(actual, bindAddress, names);
    }

    /** Stops the server (not the SparkContext). */
    public void stop() {
        SparkConnectService.stop(scala.Option.empty(), scala.Option.empty());
    }

    /**
     * Registers every culet table that has been written as an external Parquet table {@code default.<name>} (replacing
     * an earlier registration), after checking it reads through {@link Warehouse#read} (published manifests, schema
     * versions). Returns the names.
     */
    public static List<String> registerTables(SparkSession spark, Warehouse warehouse) {
        warehouse.requireReadable();
        List<String> names = new ArrayList<>();
        for (TableDef t : Tables.ALL) {
            warehouse.read(spark, t); // refuses unpublished partitions and newer schema versions
            Path dir = warehouse.tableDir(t);
            boolean exists;
            try {
                exists = warehouse.fileSystem().exists(dir);
            } catch (java.io.IOException e) {
                throw new UserException("cannot list " + dir + ": " + e.getMessage(), warehouse.toString(),
                    "check that the warehouse is reachable");
            }
            String qualified = "default." + t.name();
            spark.sql("DROP TABLE IF EXISTS " + qualified);
            if (!exists) {
                LOG.info("table {} has no rows yet: not registered", t.name());
                continue;
            }
            spark.catalog().createTable(qualified, "parquet", t.schema(), Map.of("path", dir.toString()));
            names.add(t.name());
        }
        return names;
    }
}
