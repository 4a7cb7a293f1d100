package org.culet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.culet.acquisition.AcquisitionSpec;
import org.culet.acquisition.Protocol;
import org.culet.acquisition.SweepCatalog;
import org.culet.acquisition.SweepEntry;
import org.culet.acquisition.formats.LabFormatWriters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** culet import: acquisition.conf and sweeps.csv from a folder of MATLAB files and a file-name pattern. */
class ImportCommandTest {
    @TempDir
    Path dir;

    private void sweep(String name) throws Exception {
        int[][][] c = new int[6][5][4];
        for (int f = 0; f < 6; f++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 4; x++) {
                    c[f][y][x] = 100 * f + 10 * y + x;
                }
            }
        }
        double[] hz = {2.80e9, 2.82e9, 2.84e9, 2.86e9, 2.88e9, 2.90e9};
        LabFormatWriters.mat5(dir.resolve(name), c, hz, "odmr", "freq_hz");
    }

    @Test
    void namedGroupsOfTheFileNameGiveTheColumns() throws Exception {
        sweep("ZFC_T20p5K_I1750mA.mat");
        sweep("FC_T40K_I2750mA.mat");
        Files.createDirectories(dir.resolve("night2"));
        sweep("night2/ZFC_T60K_I0mA.mat");
        Files.writeString(dir.resolve("notes.mat"), "not a sweep");
        CliHarness h = CliHarness.run("import", dir.toString(),
            "--pattern", "(?<protocol>ZFC|FC)_T(?<temperatureK>[0-9p.]+)K_I(?<coilCurrentMa>[0-9]+)mA\\.mat",
            "--sample-id", "S1", "--material", "La3Ni2O7", "--pressure-gpa", "15", "--culet-orientation", "111",
            "--pixel-size-um", "0.5", "--coil-gauss-per-amp", "24.11", "--frames-variable", "odmr",
            "--frequencies-variable", "freq_hz");
        assertThat(h.exitCode).as(h.out + h.err).isZero();
        assertThat(h.out).contains("3 sweeps").contains("skipped (the pattern does not match): notes.mat")
            .contains("validated: 3 sweeps of 5 x 4 px");
        AcquisitionSpec spec = AcquisitionSpec.load(dir);
        assertThat(spec.format().framesVariable()).isEqualTo("odmr");
        assertThat(spec.format().frequenciesVariable()).isEqualTo("freq_hz");
        List<SweepEntry> rows = SweepCatalog.load(dir).entries();
        assertThat(rows).extracting(SweepEntry::file)
            .containsExactly("FC_T40K_I2750mA.mat", "ZFC_T20p5K_I1750mA.mat", "night2/ZFC_T60K_I0mA.mat");
        assertThat(rows.get(1).temperatureK()).isEqualTo(20.5);
        assertThat(rows.get(1).coilCurrentA()).isEqualTo(1.75);
        assertThat(rows.get(1).protocol()).isEqualTo(Protocol.ZFC);
        assertThat(rows.get(1).coolingFieldGauss()).isEqualTo(0.0);
        assertThat(rows.get(0).protocol()).isEqualTo(Protocol.FC);
        assertThat(rows.get(0).sweepId()).isEqualTo("FC_T40K_I2750mA");

        CliHarness again = CliHarness.run("import", dir.toString(), "--pattern", "(?<temperatureK>[0-9]+)K\\.mat",
            "--sample-id", "S1", "--material", "M", "--pressure-gpa", "1", "--culet-orientation", "111",
            "--pixel-size-um", "1", "--coil-gauss-per-amp", "1");
        assertThat(again.exitCode).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(again.err).contains("acquisition.conf already exists").contains("--overwrite");
        CliHarness noField = CliHarness.run("import", dir.toString(), "--pattern", "(?<temperatureK>[0-9]+)K\\.mat",
            "--sample-id", "S1", "--material", "M", "--pressure-gpa", "1", "--culet-orientation", "111",
            "--pixel-size-um", "1", "--coil-gauss-per-amp", "1", "--overwrite");
        assertThat(noField.exitCode).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(noField.err).contains("no field").contains("coilCurrentMa");
        CliHarness none = CliHarness.run("import", dir.toString(), "--pattern", "T(?<temperatureK>[0-9]+)_(?<coilCurrentA>[0-9]+)\\.mat",
            "--sample-id", "S1", "--material", "M", "--pressure-gpa", "1", "--culet-orientation", "111",
            "--pixel-size-um", "1", "--coil-gauss-per-amp", "1", "--overwrite");
        assertThat(none.exitCode).isEqualTo(Culet.EXIT_USER_ERROR);
        assertThat(none.err).contains("matches none of the");
    }
}
