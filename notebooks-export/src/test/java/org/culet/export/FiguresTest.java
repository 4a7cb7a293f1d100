package org.culet.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.culet.export.figures.Figure;
import org.culet.export.figures.FigureSettings;
import org.culet.export.figures.Figures;
import org.culet.export.model.AcquisitionData;
import org.culet.export.model.Extract;
import org.culet.export.model.PhaseBin;
import org.culet.export.model.SweepInfo;
import org.culet.warehouse.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Figures from hand-made tables (no Spark): files, colours where the values put them, the fraction curves. */
class FiguresTest {
    @TempDir
    Path dir;

    static final FigureSettings SETTINGS = new FigureSettings(640, 520, 0, 100);

    /** 20 x 10 px of 0.5 um: left half off sample; sigma_ZZ = x (GPa) on the right half. */
    static AcquisitionData synthetic() {
        int w = 20;
        int h = 10;
        List<String> cols = List.of("pixel_y", "pixel_x", "x_um", "on_sample", "tau_measure", "b_par_gauss",
            "field_shift_low_t_gauss", "screening_slope_ratio_low_t", "tc_fit_k", "sigma_zz_gpa", "tau_gpa",
            "la_ni_ratio");
        List<Object[]> rows = new ArrayList<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean on = x >= w / 2;
                rows.add(new Object[] {y, x, (x + 0.5) * 0.5, on, "TAU_MAX", 90.0 + x, -x * 1.0, 1.0 - x / 40.0,
                    x == 15 ? null : 40.0 + x, (double) x, 0.1 * y, 1.5 + 0.01 * (x - 15)});
            }
        }
        Map<String, Extract> ex = new LinkedHashMap<>();
        ex.put(AcquisitionData.PIXEL_TABLE, new Extract("pixel_table", "SELECT 1", cols,
            java.util.Collections.nCopies(cols.size(), ""), rows));
        List<String> sc = List.of("sweep_id", "protocol", "temperature_k", "applied_field_gauss", "status");
        ex.put(AcquisitionData.SWEEPS, new Extract("sweeps", "SELECT 2", sc, java.util.Collections.nCopies(5, ""),
            List.<Object[]>of(new Object[] {"s1", "ZFC", 20.0, 42.0, "OK"})));
        List<String> pc = List.of("diagram", "bin_index", "temperature_lo_k", "temperature_hi_k", "sigma_zz_lo_gpa",
            "sigma_zz_hi_gpa", "tau_lo_gpa", "tau_hi_gpa", "n_pixels", "n_superconducting", "sc_fraction", "ci_level",
            "n_tc", "tc_median_k");
        List<Object[]> bins = new ArrayList<>();
        bins.add(new Object[] {"SZZ_TAU", 0, null, null, 10.0, 15.0, 0.0, 1.0, 10L, 5L, 0.5, 0.95, 5L, 50.0});
        bins.add(new Object[] {"SZZ_TAU", 1, null, null, 15.0, 20.0, 0.0, 1.0, 0L, 0L, null, 0.95, 0L, null});
        // Two tau bins of one (T, sigma_ZZ) cell: pooled 5 of 10 superconducting.
        bins.add(new Object[] {"T_SZZ_TAU", 0, 0.0, 40.0, 10.0, 15.0, 0.0, 1.0, 6L, 4L, 4 / 6.0, 0.95, 4L, 50.0});
        bins.add(new Object[] {"T_SZZ_TAU", 1, 0.0, 40.0, 10.0, 15.0, 1.0, 2.0, 4L, 1L, 0.25, 0.95, 1L, 50.0});
        bins.add(new Object[] {"T_SZZ_TAU", 2, 40.0, 80.0, 10.0, 15.0, 0.0, 1.0, 10L, 0L, 0.0, 0.95, 0L, null});
        ex.put(AcquisitionData.PHASE_DIAGRAM, new Extract("phase_diagram", "SELECT 3", pc,
            java.util.Collections.nCopies(pc.size(), ""), bins));
        Manifest m = new Manifest(1, "test", "run-1", "S1", 12.5, "RUN", Instant.EPOCH, Instant.EPOCH, "test", "",
            new TreeMap<>(), "", Map.of("pixel_table", (long) w * h), new TreeMap<>(), Map.of("fit", 1.0), Map.of());
        return AcquisitionData.fromExtracts("S1", 12.5, m, ex, new SweepInfo("s1", "ZFC", 20, 42, "OK"));
    }

    @Test
    void writesEveryFigureAsPngAndSvgWithMaskedPixelsGreyAndTheRangeEndsAtTheExtremes() throws Exception {
        AcquisitionData data = synthetic();
        assertThat(data.width()).isEqualTo(20);
        assertThat(data.pixelSizeUm()).isCloseTo(0.5, within(1e-12));
        List<Figure> figures = Figures.writeAll(data, dir, SETTINGS);
        if (System.getenv("CULET_TEST_KEEP_FIGURES") != null) {
            for (Figure f : figures) {
                Files.copy(f.png(), Path.of(System.getenv("CULET_TEST_KEEP_FIGURES")).resolve(f.png().getFileName()),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        assertThat(figures).extracting(Figure::name).contains("map_b_par", "map_field_shift", "map_screening_ratio",
            "map_tc", "map_sigma_zz", "map_tau", "map_la_ni", "phase_sc_fraction", "phase_tc_median",
            "phase_fraction_vs_t", "fit_status", "fit_chi2");
        for (Figure f : figures) {
            BufferedImage img = ImageIO.read(f.png().toFile());
            assertThat(img.getWidth()).as(f.name()).isEqualTo(640);
            assertThat(Files.readString(f.svg()).strip()).as(f.name()).contains("<svg").endsWith("</svg>");
            assertThat(Files.size(f.svg())).as(f.name() + " SVG size").isLessThan(400_000);
        }
        // sigma_ZZ = x on the right half: the image's left half is off-sample grey, the rightmost column is the top
        // of viridis (yellow), the first on-sample column its bottom (dark purple).
        BufferedImage img = ImageIO.read(dir.resolve("map_sigma_zz.png").toFile());
        int[] row = scanRow(img);
        assertThat(count(row, 0xc8c8c8)).as("grey pixels across the middle row").isGreaterThan(100);
        assertThat(count(row, 0xfde725)).as("yellow (max) pixels").isGreaterThan(5);
        assertThat(count(row, 0x440154)).as("purple (min) pixels").isGreaterThan(5);
        // The map keeps equal scales: 10 um wide, 5 um high -> data area twice as wide as high.
        int[] extent = extentOfNonWhite(img);
        assertThat((double) extent[0] / extent[1]).isCloseTo(2.0, within(0.08));
    }

    /** The middle row of the data area (the row where the most grey pixels are). */
    private static int[] scanRow(BufferedImage img) {
        int best = 0;
        int[] bestRow = new int[0];
        for (int y = 0; y < img.getHeight(); y++) {
            int[] row = img.getRGB(0, y, img.getWidth(), 1, null, 0, img.getWidth());
            int n = count(row, 0xc8c8c8);
            if (n > best) {
                best = n;
                bestRow = row;
            }
        }
        return bestRow;
    }

    private static int count(int[] row, int rgb) {
        int n = 0;
        for (int v : row) {
            if ((v & 0xffffff) == rgb) {
                n++;
            }
        }
        return n;
    }

    /** Width and height of the map's data area: the grey column's height, the middle row's grey-to-yellow width. */
    private static int[] extentOfNonWhite(BufferedImage img) {
        int x0 = -1;
        for (int x = 0; x < img.getWidth() && x0 < 0; x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                if ((img.getRGB(x, y) & 0xffffff) == 0xc8c8c8) {
                    x0 = x;
                    break;
                }
            }
        }
        int col = x0 + 3;
        int minY = Integer.MAX_VALUE;
        int maxY = -1;
        for (int y = 0; y < img.getHeight(); y++) {
            if ((img.getRGB(col, y) & 0xffffff) == 0xc8c8c8) {
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        int mid = (minY + maxY) / 2;
        int maxX = -1;
        for (int x = 0; x < img.getWidth(); x++) {
            if ((img.getRGB(x, mid) & 0xffffff) == 0xfde725) {
                maxX = x;
            }
        }
        return new int[] {maxX - x0 + 1, maxY - minY + 1};
    }

    @Test
    void fractionCurvesPoolTauBinsWithTheWilsonInterval() {
        List<Figures.FractionCurve> curves = Figures.fractionCurves(synthetic().phaseBins());
        assertThat(curves).hasSize(1);
        Figures.FractionCurve c = curves.get(0);
        assertThat(c.temperatureK()).containsExactly(20.0, 60.0);
        assertThat(c.nPixels()).containsExactly(10L, 10L);
        assertThat(c.fraction()[0]).isCloseTo(0.5, within(1e-12));
        // Wilson 95 % for 5 of 10: 0.2366 .. 0.7634 (standard tables).
        assertThat(c.ciLo()[0]).isCloseTo(0.2366, within(1e-4));
        assertThat(c.ciHi()[0]).isCloseTo(0.7634, within(1e-4));
        assertThat(c.fraction()[1]).isZero();
        assertThat(c.ciHi()[1]).isCloseTo(0.2775, within(1e-4)); // 0 of 10
    }

    @Test
    void baseSweepIsTheColdestZfcSweepAtTheLargestField() {
        List<SweepInfo> sweeps = List.of(new SweepInfo("a", "ZFC", 30, 90, "OK"), new SweepInfo("b", "ZFC", 20, 42, "OK"),
            new SweepInfo("c", "ZFC", 20, 90, "OK"), new SweepInfo("d", "FC", 10, 90, "OK"),
            new SweepInfo("e", "ZFC", 5, 90, "QUARANTINED"), new SweepInfo("f", "REMANENT", 5, 0, "OK"));
        assertThat(AcquisitionData.chooseBaseSweep(sweeps).sweepId()).isEqualTo("c");
        assertThat(AcquisitionData.chooseBaseSweep(List.of(new SweepInfo("d", "FC", 10, 90, "OK"),
            new SweepInfo("f", "REMANENT", 5, 0, "OK"))).sweepId()).isEqualTo("d");
        assertThat(AcquisitionData.chooseBaseSweep(List.of(new SweepInfo("f", "REMANENT", 5, 0, "OK")))).isNull();
    }
}
