package org.culet.export;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark Connect client, run by {@link ServeTest} in a child JVM whose class path holds the JVM Connect client and
 * not Spark itself: {@code ConnectClientMain sc://HOST:PORT SQL...} prints each result row as
 * {@code ROW<TAB>statement-number<TAB>value<TAB>value...}.
 */
public final class ConnectClientMain {
    private ConnectClientMain() {
    }

    public static void main(String[] args) throws java.io.IOException {
        SparkSession spark = SparkSession.builder().remote(args[0]).getOrCreate();
        try {
            System.out.println("CLIENT " + spark.getClass().getName() + " " + spark.version());
            for (int i = 1; i < args.length; i++) {
                List<Row> rows = spark.sql(args[i]).collectAsList();
                for (Row r : rows) {
                    List<String> cells = new ArrayList<>();
                    for (int c = 0; c < r.length(); c++) {
                        cells.add(String.valueOf(r.get(c)));
                    }
                    System.out.println("ROW\t" + i + "\t" + String.join("\t", cells));
                }
            }
        } finally {
            spark.close();
        }
    }
}
