package org.culet.acquisition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.culet.config.UserException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A malformed acquisition gives a UserException naming the file, the sweeps.csv row, the field and the fix. */
class AcquisitionValidatorTest {
    @TempDir
    static Path shared;
    static Path template;
    @TempDir
    Path tmp;
    Path acq;

    @BeforeAll
    static void writeTiny() throws Exception {
        template = shared.resolve("template");
        TinyAcquisition.write(template, 3);
        AcquisitionValidator.validate(template); // valid as written
    }

    /** Each test damages its own copy of the tiny acquisition. */
    @BeforeEach
    void copyTiny() throws Exception {
        acq = tmp.resolve("acq");
        try (var files = Files.walk(template)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = acq.resolve(template.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        AcquisitionValidator.validate(acq);
    }

    private void editCsvLine(int line, String from, String to) throws Exception {
        Path csv = acq.resolve("sweeps.csv");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv, StandardCharsets.UTF_8));
        assertThat(lines.get(line - 1)).contains(from);
        lines.set(line - 1, lines.get(line - 1).replace(from, to));
        Files.write(csv, lines, StandardCharsets.UTF_8);
    }

    @Test
    void missingSweepFile() throws Exception {
        Files.delete(acq.resolve("sweeps/s0002.h5"));
        assertThatThrownBy(() -> AcquisitionValidator.validate(acq)).isInstanceOf(UserException.class)
            .hasMessageContaining("sweep file not found: sweeps/s0002.h5")
            .hasMessageContaining("sweeps.csv line 3 (sweep_id s0002), column file")
            .hasMessageContaining("fix:")
            .hasMessageContaining("restore the missing file");
    }

    @Test
    void badProtocolName() throws Exception {
        editCsvLine(4, ",FC,", ",FIELD_COOLED,");
        assertThatThrownBy(() -> AcquisitionValidator.validate(acq)).isInstanceOf(UserException.class)
            .hasMessageContaining("unknown protocol 'FIELD_COOLED'")
            .hasMessageContaining("sweeps.csv line 4 (sweep_id s0003), column protocol")
            .hasMessageContaining("use one of ZFC, FC, REMANENT, STRESS_REFERENCE");
    }

    @Test
    void wrongFrameCountAgainstTheFilesAxis() throws Exception {
        // Rewrite sweep 1 with 119 frames but a 120-point axis: jhdf refuses nothing, culet must.
        int[][][] frames = new int[119][16][16];
        double[] axis = new double[120];
        for (int i = 0; i < 120; i++) {
            axis[i] = 2.62e9 + i * 1e6;
        }
        Path file = acq.resolve("sweeps/s0001.h5");
        Files.delete(file);
        try (io.jhdf.WritableHdfFile h = io.jhdf.HdfFile.write(file)) {
            h.putDataset(SweepFiles.FRAMES, frames);
            h.putDataset(SweepFiles.FREQUENCIES, axis);
        }
        assertThatThrownBy(() -> AcquisitionValidator.validate(acq)).isInstanceOf(UserException.class)
            .hasMessageContaining("119 frames but its frequencies_hz axis has 120 points")
            .hasMessageContaining("sweeps.csv line 2 (sweep_id s0001)")
            .hasMessageContaining("s0001.h5")
            .hasMessageContaining("fix:");
    }

    @Test
    void wrongFrameCountAgainstAnExplicitAxis() throws Exception {
        editCsvLine(3, ",file", ",2.62e9:3.51e9:250");
        assertThatThrownBy(() -> AcquisitionValidator.validate(acq)).isInstanceOf(UserException.class)
            .hasMessageContaining("has 120 frames but sweeps.csv's frequency_axis 2.62E9:3.51E9:250 has 250 points")
            .hasMessageContaining("sweeps.csv line 3 (sweep_id s0002), column frequency_axis")
            .hasMessageContaining("equal the number of frames (120)");
    }

    @Test
    void explicitAxisThatDisagreesWithTheFile() throws Exception {
        editCsvLine(2, ",file", ",2.6e9:3.51e9:120");
        assertThatThrownBy(() -> AcquisitionValidator.validate(acq)).isInstanceOf(UserException.class)
            .hasMessageContaining("disagrees with the file's frequencies_hz at point 0")
            .hasMessageContaining("sweeps.csv line 2 (sweep_id s0001), column frequency_axis");
        // The matching explicit axis is accepted.
        editCsvLine(2, ",2.6e9:3.51e9:120", ",2.62e9:3.51e9:120");
        AcquisitionValidator.validate(acq);
    }

    @Test
    void shapeMismatchBetweenSweeps() throws Exception {
        Path file = acq.resolve("sweeps/s0004.h5");
        Files.delete(file);
        double[] axis = new double[120];
        for (int i = 0; i < 120; i++) {
            axis[i] = 2.62e9 + i * 1e6;
        }
        SweepFiles.write(file, new int[120][16][15], axis, "s0004", 0.01, 1);
        assertThatThrownBy(() -> AcquisitionValidator.validate(acq)).isInstanceOf(UserException.class)
            .hasMessageContaining("frame shape 16 x 15 differs from sweep s0001 (16 x 16)")
            .hasMessageContaining("sweeps.csv line 5 (sweep_id s0004)");
    }

    @Test
    void nonNumericTemperatureAndMissingColumn() throws Exception {
        editCsvLine(6, ",120.0,", ",cold,");
        assertThatThrownBy(() -> AcquisitionValidator.validate(acq)).isInstanceOf(UserException.class)
            .hasMessageContaining("'cold' is not a number")
            .hasMessageContaining("sweeps.csv line 6 (sweep_id s0005), column temperature_k");
        editCsvLine(1, "protocol,", "");
        assertThatThrownBy(() -> AcquisitionValidator.validate(acq)).isInstanceOf(UserException.class)
            .hasMessageContaining("required column 'protocol' is missing");
    }

    @Test
    void edxPixelSizeMismatchAndMissingEdxFile() throws Exception {
        Path conf = acq.resolve("acquisition.conf");
        String text = Files.readString(conf);
        Files.writeString(conf, text.replace("pixel-size-um = 2.5", "pixel-size-um = 2.4"));
        assertThatThrownBy(() -> AcquisitionValidator.validate(acq)).isInstanceOf(UserException.class)
            .hasMessageContaining("EDX pixel size disagrees").hasMessageContaining("edx.pixel-size-um");
        Files.writeString(conf, text);
        Files.delete(acq.resolve("edx/edx.h5"));
        assertThatThrownBy(() -> AcquisitionValidator.validate(acq)).isInstanceOf(UserException.class)
            .hasMessageContaining("EDX file not found").hasMessageContaining("key edx.file");
    }

    @Test
    void missingAcquisitionConf() throws Exception {
        Files.delete(acq.resolve("acquisition.conf"));
        assertThatThrownBy(() -> AcquisitionValidator.validate(acq)).isInstanceOf(UserException.class)
            .hasMessageContaining("no acquisition.conf").hasMessageContaining("fix:");
    }
}
