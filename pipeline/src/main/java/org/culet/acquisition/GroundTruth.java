package org.culet.acquisition;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.culet.config.UserException;
import org.culet.kernel.sim.SampleMaps;

/**
 * The ground truth stored next to a synthetic acquisition, in {@code truth/} (README "Ground truth"):
 * <ul>
 *   <li>{@code truth/truth.h5}: per-pixel maps on the ODMR grid, float64 [ny][nx] unless noted:
 *       {@code on_sample} (int32 0/1), {@code stress_gpa} [6][ny][nx] (Voigt XX, YY, ZZ, YZ, XZ, XY, compressive
 *       positive), {@code tau_max_gpa}, {@code tau_interface_gpa}, {@code tc_k} (NaN: not superconducting),
 *       {@code la_at_pct}, {@code ni_at_pct}, {@code la_ni_ratio} (NaN off the sample), {@code fwhm_mhz},
 *       {@code contrast} (fraction), {@code baseline_counts}, {@code edx_to_odmr_affine} [2][3].</li>
 *   <li>{@code truth/sweeps/<sweep_id>.h5}: {@code b_gauss} float32 [3][ny][nx] (lab Bx, By, Bz at the NV layer),
 *       {@code lines_mhz} float32 [8][ny][nx] (NvHamiltonian order: group 1 f-, f+, ..., group 4), attributes
 *       {@code d0_mhz}, {@code temperature_k}, {@code protocol}.</li>
 *   <li>{@code truth/truth.conf}: preset, seed, the transform, the Tc rule and its shear measure.</li>
 * </ul>
 * Maps are flat row-major {@code [y * width + x]}; returned arrays are owned by this object (do not modify).
 */
public final class GroundTruth {
    public static final String DIR = "truth";
    public static final String MAPS_FILE = "truth.h5";
    public static final String INFO_FILE = "truth.conf";
    public static final String SWEEPS_DIR = "sweeps";
    private static final String FIX = "regenerate the acquisition with culet simulate (only synthetic acquisitions have a truth)";

    private final Path dir;
    private final int height;
    private final int width;
    private final double pixelSizeUm;
    private final boolean[] onSample;
    private final double[][] stressVoigtGpa;
    private final double[] tauMaxGpa;
    private final double[] tauInterfaceGpa;
    private final double[] tcK;
    private final double[] laAtPct;
    private final double[] niAtPct;
    private final double[] laNiRatio;
    private final double[] fwhmMhz;
    private final double[] contrast;
    private final double[] baselineCounts;
    private final double[] affine;
    private final Config info;

    private GroundTruth(Path dir, HdfFile h, Path file, Config info) {
        this.dir = dir;
        this.info = info;
        double[][] on = Hdf5Maps.read2d(h, file, "on_sample", FIX);
        height = on.length;
        width = on[0].length;
        onSample = new boolean[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                onSample[y * width + x] = on[y][x] != 0;
            }
        }
        pixelSizeUm = Hdf5Maps.numberAttribute(h, "pixel_size_um");
        stressVoigtGpa = Hdf5Maps.read3dFlat(h, file, "stress_gpa", FIX);
        tauMaxGpa = map(h, file, "tau_max_gpa");
        tauInterfaceGpa = map(h, file, "tau_interface_gpa");
        tcK = map(h, file, "tc_k");
        laAtPct = map(h, file, "la_at_pct");
        niAtPct = map(h, file, "ni_at_pct");
        laNiRatio = map(h, file, "la_ni_ratio");
        fwhmMhz = map(h, file, "fwhm_mhz");
        contrast = map(h, file, "contrast");
        baselineCounts = map(h, file, "baseline_counts");
        affine = Hdf5Maps.flatten(Hdf5Maps.read2d(h, file, "edx_to_odmr_affine", FIX));
    }

    private static double[] map(HdfFile h, Path file, String name) {
        return Hdf5Maps.flatten(Hdf5Maps.read2d(h, file, name, FIX));
    }

    /** Loads {@code acquisitionDir/truth/}. */
    public static GroundTruth load(Path acquisitionDir) {
        Path dir = acquisitionDir.resolve(DIR);
        Path file = dir.resolve(MAPS_FILE);
        Path infoFile = dir.resolve(INFO_FILE);
        Config info = Files.isRegularFile(infoFile) ? ConfigFactory.parseFile(infoFile.toFile()).resolve() : ConfigFactory.empty();
        try (HdfFile h = Hdf5Maps.open(file, "ground-truth file", FIX)) {
            return new GroundTruth(dir, h, file, info);
        }
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public double pixelSizeUm() {
        return pixelSizeUm;
    }

    public boolean[] onSample() {
        return onSample;
    }

    /** [6][pixels], Voigt XX, YY, ZZ, YZ, XZ, XY in GPa (compressive positive). */
    public double[][] stressVoigtGpa() {
        return stressVoigtGpa;
    }

    public double[] sigmaZzGpa() {
        return stressVoigtGpa[2];
    }

    public double[] tauMaxGpa() {
        return tauMaxGpa;
    }

    public double[] tauInterfaceGpa() {
        return tauInterfaceGpa;
    }

    /** Local Tc in K; NaN where the pixel never superconducts (and off the sample). */
    public double[] tcK() {
        return tcK;
    }

    public double[] laAtPct() {
        return laAtPct;
    }

    public double[] niAtPct() {
        return niAtPct;
    }

    public double[] laNiRatio() {
        return laNiRatio;
    }

    /** Line FWHM per pixel, MHz (the same for the 8 lines of a pixel). */
    public double[] fwhmMhz() {
        return fwhmMhz;
    }

    /** Line contrast per pixel (fraction of the baseline, the same for the 8 lines of a pixel). */
    public double[] contrast() {
        return contrast;
    }

    /** Off-resonance counts per frame before the per-sweep drift. */
    public double[] baselineCounts() {
        return baselineCounts;
    }

    /** EDX -> ODMR pixel transform {a00, a01, tx, a10, a11, ty}: x = a00 u + a01 v + tx, y = a10 u + a11 v + ty. */
    public double[] edxToOdmrAffine() {
        return affine.clone();
    }

    /** truth.conf: preset, seed, transform parameters, the Tc rule (tc-rule.critical-shear-gpa, .shear-measure ...). */
    public Config info() {
        return info;
    }

    /** Sweep ids with a per-sweep truth file, sorted. */
    public List<String> sweepIds() {
        List<String> ids = new ArrayList<>();
        try (var s = Files.list(dir.resolve(SWEEPS_DIR))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".h5")).sorted()
                .forEach(n -> ids.add(n.substring(0, n.length() - 3)));
        } catch (IOException e) {
            throw new UserException("cannot list the per-sweep truth: " + e.getMessage(), dir.resolve(SWEEPS_DIR).toString(), FIX, e);
        }
        return ids;
    }

    /** The true lab field at the NV layer for one sweep: [3][pixels] (Bx, By, Bz in G). Read on demand. */
    public double[][] bGauss(String sweepId) {
        Path f = dir.resolve(SWEEPS_DIR).resolve(sweepId + ".h5");
        try (HdfFile h = Hdf5Maps.open(f, "per-sweep truth", FIX)) {
            return Hdf5Maps.read3dFlat(h, f, "b_gauss", FIX);
        }
    }

    /** The 8 true line frequencies of one sweep: [8][pixels] in MHz, NvHamiltonian order. Read on demand. */
    public double[][] linesMhz(String sweepId) {
        Path f = dir.resolve(SWEEPS_DIR).resolve(sweepId + ".h5");
        try (HdfFile h = Hdf5Maps.open(f, "per-sweep truth", FIX)) {
            return Hdf5Maps.read3dFlat(h, f, "lines_mhz", FIX);
        }
    }

    /** D0 (MHz) used for one sweep (the D0(T) model at its temperature). */
    public double d0Mhz(String sweepId) {
        Path f = dir.resolve(SWEEPS_DIR).resolve(sweepId + ".h5");
        try (HdfFile h = Hdf5Maps.open(f, "per-sweep truth", FIX)) {
            return Hdf5Maps.numberAttribute(h, "d0_mhz");
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Writing (used by the simulator)
    // ----------------------------------------------------------------------------------------------------------

    /** Writes {@code truth/truth.h5} for the sample maps and the affine. */
    public static void saveMaps(Path acquisitionDir, SampleMaps m, double[] affine6) throws IOException {
        Path dir = acquisitionDir.resolve(DIR);
        Files.createDirectories(dir);
        int h = m.height();
        int w = m.width();
        int[][] on = new int[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                on[y][x] = m.onSample()[y * w + x] ? 1 : 0;
            }
        }
        double[][][] stress = new double[6][][];
        for (int c = 0; c < 6; c++) {
            stress[c] = Hdf5Maps.unflatten(m.stressVoigtGpa()[c], h, w);
        }
        try (WritableHdfFile f = HdfFile.write(dir.resolve(MAPS_FILE))) {
            f.putDataset("on_sample", on);
            f.putDataset("stress_gpa", stress);
            f.putDataset("tau_max_gpa", Hdf5Maps.unflatten(m.tauMaxGpa(), h, w));
            f.putDataset("tau_interface_gpa", Hdf5Maps.unflatten(m.tauInterfaceGpa(), h, w));
            f.putDataset("tc_k", Hdf5Maps.unflatten(m.tcK(), h, w));
            f.putDataset("la_at_pct", Hdf5Maps.unflatten(m.laAtPct(), h, w));
            f.putDataset("ni_at_pct", Hdf5Maps.unflatten(m.niAtPct(), h, w));
            f.putDataset("la_ni_ratio", Hdf5Maps.unflatten(m.laNiRatio(), h, w));
            f.putDataset("fwhm_mhz", Hdf5Maps.unflatten(m.fwhmMhz(), h, w));
            f.putDataset("contrast", Hdf5Maps.unflatten(m.contrast(), h, w));
            f.putDataset("baseline_counts", Hdf5Maps.unflatten(m.baselineCounts(), h, w));
            f.putDataset("edx_to_odmr_affine", new double[][] {{affine6[0], affine6[1], affine6[2]},
                {affine6[3], affine6[4], affine6[5]}});
            f.putAttribute("pixel_size_um", m.pixelSizeUm());
            f.putAttribute("stress_order", "XX,YY,ZZ,YZ,XZ,XY");
        }
    }

    /** Writes {@code truth/sweeps/<sweepId>.h5}. */
    public static void saveSweep(Path acquisitionDir, String sweepId, float[][][] bGauss, float[][][] linesMhz,
                                 double d0Mhz, double temperatureK, String protocol) throws IOException {
        Path dir = acquisitionDir.resolve(DIR).resolve(SWEEPS_DIR);
        Files.createDirectories(dir);
        try (WritableHdfFile f = HdfFile.write(dir.resolve(sweepId + ".h5"))) {
            f.putDataset("b_gauss", bGauss);
            f.putDataset("lines_mhz", linesMhz);
            f.putAttribute("d0_mhz", d0Mhz);
            f.putAttribute("temperature_k", temperatureK);
            f.putAttribute("protocol", protocol);
        }
    }
}
