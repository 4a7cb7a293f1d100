package org.culet.export.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.sql.SparkSession;
import org.culet.cli.ConfigOptions;
import org.culet.config.CuletConfig;
import org.culet.config.UserException;
import org.culet.export.serve.ConnectServer;
import org.culet.spark.SparkSessions;
import org.culet.warehouse.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code culet serve}: a Spark Connect server over a warehouse's tables, until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serves every table of a warehouse (pixel_table, phase_diagram, ...) by name to Spark Connect",
        "clients (PySpark, the JVM client) until Ctrl-C. Listens on 127.0.0.1 unless --bind (or",
        "culet.serve.bind-address) says otherwise; Spark Connect has no authentication."})
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions = new ConfigOptions();

    @Option(names = "--warehouse", required = true, paramLabel = "DIR",
        description = "Warehouse folder or URI, as given to 'culet run --out'.")
    String warehouse;

    @Option(names = "--port", paramLabel = "N", description = "TCP port (default culet.serve.port, 15002).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDR",
        description = "Address to listen on (default culet.serve.bind-address, 127.0.0.1: this machine only).")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
        CuletConfig config = configOptions.load("serve");
        int p = port != null ? port : config.culet().getInt("serve.port");
        String address = bind != null ? bind : config.culet().getString("serve.bind-address");
        boolean loopback;
        try {
            loopback = InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new UserException("cannot resolve the bind address " + address, "--bind " + address,
                "give an IP address of this machine, e.g. 127.0.0.1");
        }
        Warehouse.open(warehouse, new org.apache.hadoop.conf.Configuration()).requireReadable();
        SparkSession spark = SparkSessions.create(config, "culet serve");
        ConnectServer server = ConnectServer.start(spark, warehouse, address, p);
        PrintWriter out = spec.commandLine().getOut();
        if (!loopback) {
            LOG.warn("listening on {}, beyond this machine: Spark Connect has no authentication", address);
            out.println("warning: listening on " + address + ", reachable from other machines; Spark Connect has no "
                + "authentication");
        }
        out.println("Spark Connect server on " + server.url() + " serving " + server.tables().size() + " tables of "
            + warehouse + ": " + String.join(", ", server.tables()));
        out.println("  PySpark:  SparkSession.builder.remote(\"" + server.url() + "\").getOrCreate()"
            + ".sql(\"SELECT count(*) FROM pixel_table\").show()");
        out.println("  Ctrl-C stops it.");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "culet-serve-shutdown"));
        stopped.await();
        return 0;
    }

    /** Registers {@code serve} with culet (META-INF/services/org.culet.cli.CuletSubcommand). */
    public static final class Provider implements org.culet.cli.CuletSubcommand {
        @Override
        public String name() {
            return "serve";
        }

        @Override
        public Object command() {
            return new ServeCommand();
        }
    }
}
