package org.culet.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.culet.config.CuletConfig;
import org.culet.config.UserException;
import org.culet.tables.Tables;
import org.junit.jupiter.api.Test;

class StringencyAndProgressTest {
    private static final QuarantineRecord BAD_FRAME = QuarantineRecord.of("read", "nan_frame",
            QuarantineRecord.Scope.FRAME, "frame holds NaN counts", "re-export the sweep from the camera software")
        .withFile("sweeps/s012.h5").withSweep("12").withFrame(118);

    @Test
    void strictStopsNamingFileSweepAndFrame() {
        assertThat(Stringency.fromConfig(CuletConfig.defaults().culet())).isEqualTo(Stringency.STRICT);
        assertThatThrownBy(() -> Stringency.STRICT.reject(BAD_FRAME))
            .isInstanceOf(UserException.class)
            .hasMessageContaining("sweeps/s012.h5").hasMessageContaining("sweep 12").hasMessageContaining("frame 118")
            .hasMessageContaining("re-export");
    }

    @Test
    void lenientReturnsARowOfTheQuarantineSchema() {
        var culet = CuletConfig.load(null, Map.of("culet.pipeline.stringency", "lenient")).culet();
        Stringency s = Stringency.fromConfig(culet);
        assertThat(s).isEqualTo(Stringency.LENIENT);
        Row row = s.reject(BAD_FRAME).toRow("S1", 12.5);
        assertThat(row.length()).isEqualTo(Tables.QUARANTINE.schema().length());
        Map<String, Object> byName = new LinkedHashMap<>();
        for (int i = 0; i < row.length(); i++) {
            byName.put(Tables.QUARANTINE.schema().fields()[i].name(), row.get(i));
        }
        assertThat(byName).containsEntry("stage", "READ").containsEntry("reason", "NAN_FRAME")
            .containsEntry("scope", "FRAME").containsEntry("sweep_id", "12").containsEntry("frame_index", 118)
            .containsEntry("pixel_y", null);
        assertThat((String) byName.get("detail")).contains("sweep 12").contains("fix:");
    }

    @Test
    void unknownStringencyIsAUserError() {
        var culet = CuletConfig.load(null, Map.of("culet.pipeline.stringency", "sloppy")).culet();
        assertThatThrownBy(() -> Stringency.fromConfig(culet)).isInstanceOf(UserException.class)
            .hasMessageContaining("culet.pipeline.stringency");
    }

    @Test
    void progressLineGivesRateAndEta() {
        // 16 of 64 tiles in 10 s: the other 48 at the same pace take 30 s.
        assertThat(ProgressReporter.line("fit", 16, 64, 16384, "fits", 10.0))
            .isEqualTo("fit: 16/64 tiles (25.0 %), 16384 fits, 1638 fits/s, ETA 0:00:30");
        assertThat(ProgressReporter.line("fit", 64, 64, 65536, "fits", 3725.0))
            .endsWith("done in 1:02:05");
        assertThat(ProgressReporter.line("fit", 0, 64, 0, "fits", 1.0)).endsWith("ETA unknown");
        // A retried task may count a tile twice: never more than the total.
        assertThat(ProgressReporter.line("fit", 70, 64, 1, "fits", 1.0)).startsWith("fit: 64/64 tiles (100.0 %)");
    }

    @Test
    void summaryListsStatusesQuarantineAndStageTimes() {
        StageTimer timer = new StageTimer();
        timer.add("read", 1.25);
        timer.add("fit", 10.0);
        timer.add("read", 0.25);
        assertThat(timer.timesS()).containsExactly(Map.entry("read", 1.5), Map.entry("fit", 10.0));
        RunSummary summary = new RunSummary("culet run S1 @ 12.5 GPa")
            .fact("pixels", 4096)
            .statuses("pixel_fits", Map.of("OK", 3L, "NOT_CONVERGED", 1L))
            .quarantine(Map.of("READ/NAN_FRAME", 2L))
            .stageTimes(timer.timesS());
        StringWriter sw = new StringWriter();
        summary.print(new PrintWriter(sw));
        assertThat(sw.toString())
            .contains("pixels", "4096")
            .contains("4 rows: NOT_CONVERGED 1 (25.0 %), OK 3 (75.0 %)")
            .contains("quarantined   2 {READ/NAN_FRAME=2}")
            .contains("11.5 s (read 1.5 s, fit 10.0 s)");
    }
}
