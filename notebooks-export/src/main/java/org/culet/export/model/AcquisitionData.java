package org.culet.export.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.culet.warehouse.Manifest;

/**
 * Everything the figures and the report show for one acquisition, as plain Java arrays and records (no Spark):
 * built from the {@link Extract}s that {@code AcquisitionLoader} collects.
 *
 * @param sampleId    sample
 * @param pressureGpa nominal pressure, GPa
 * @param width       image width, px
 * @param height      image height, px
 * @param pixelSizeUm camera pixel at the sample, um
 * @param onSample    row-major, true on the sample
 * @param maps        the per-pixel maps, in figure order
 * @param baseSweep   the sweep of the base-temperature field maps (lowest-temperature ZFC sweep at the largest
 *                    field), or null when the acquisition has none
 * @param fitStatus   row-major fit status of the base sweep (pixel_fits.status), null entries where no row
 * @param reducedChi2 row-major reduced chi^2 of the base sweep's fits
 * @param phaseBins   every bin of phase_diagram
 * @param tauMeasure  the shear measure of the diagram (TAU_MAX or TAU_INTERFACE)
 * @param sweeps      the sweeps, by temperature then field
 * @param statusCounts table -> status -> rows
 * @param manifest    the run manifest of the acquisition
 * @param extracts    the extracts it was built from, by name
 */
public record AcquisitionData(String sampleId, double pressureGpa, int width, int height, double pixelSizeUm,
                              boolean[] onSample, List<MapLayer> maps, SweepInfo baseSweep, String[] fitStatus,
                              double[] reducedChi2, List<PhaseBin> phaseBins, String tauMeasure,
                              List<SweepInfo> sweeps, Map<String, Map<String, Long>> statusCounts, Manifest manifest,
                              Map<String, Extract> extracts) {

    /** Extract names. */
    public static final String PIXEL_TABLE = "pixel_table";
    public static final String BASE_SWEEP = "base_sweep";
    public static final String SWEEPS = "sweeps";
    public static final String PHASE_DIAGRAM = "phase_diagram";
    public static final String STATUS_COUNTS = "status_counts";
    public static final String QUARANTINE = "quarantine_counts";

    /** "sample @ P GPa", for titles. */
    public String label() {
        return sampleId + " @ " + formatNumber(pressureGpa) + " GPa";
    }

    /** The sweeps in {@code extract} (columns sweep_id, protocol, temperature_k, applied_field_gauss, status). */
    public static List<SweepInfo> sweeps(Extract extract) {
        List<SweepInfo> out = new ArrayList<>();
        String[] id = extract.strings("sweep_id");
        String[] protocol = extract.strings("protocol");
        double[] t = extract.doubles("temperature_k");
        double[] b = extract.doubles("applied_field_gauss");
        String[] status = extract.strings("status");
        for (int i = 0; i < id.length; i++) {
            out.add(new SweepInfo(id[i], protocol[i], t[i], b[i], status[i]));
        }
        return out;
    }

    /**
     * The sweep whose field maps the figures show: among sweeps with status OK, the ZFC sweeps at the lowest
     * temperature, the one with the largest applied field (strongest Meissner signal); without ZFC sweeps the
     * coldest sweep with a non-zero field; null when there is neither.
     */
    public static SweepInfo chooseBaseSweep(List<SweepInfo> sweeps) {
        SweepInfo best = null;
        for (boolean zfcOnly : new boolean[] {true, false}) {
            for (SweepInfo s : sweeps) {
                if (!"OK".equals(s.status()) || zfcOnly && !"ZFC".equals(s.protocol())
                    || !(Math.abs(s.appliedFieldGauss()) > 0)) {
                    continue;
                }
                if (best == null || s.temperatureK() < best.temperatureK()
                    || s.temperatureK() == best.temperatureK()
                    && Math.abs(s.appliedFieldGauss()) > Math.abs(best.appliedFieldGauss())) {
                    best = s;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return null;
    }

    /**
     * Builds the data of one acquisition from its extracts: pixel_table (every column, one row per pixel),
     * base_sweep (pixel_physics joined with pixel_fits for {@code baseSweep}; may be null), sweeps, phase_diagram
     * and status_counts.
     */
    public static AcquisitionData fromExtracts(String sampleId, double pressureGpa, Manifest manifest,
                                               Map<String, Extract> extracts, SweepInfo baseSweep) {
        Extract pt = extracts.get(PIXEL_TABLE);
        if (pt == null || pt.rows().isEmpty()) {
            throw new IllegalArgumentException("pixel_table has no rows for " + sampleId + " @ " + pressureGpa + " GPa");
        }
        double[] ys = pt.doubles("pixel_y");
        double[] xs = pt.doubles("pixel_x");
        int width = 0;
        int height = 0;
        for (int i = 0; i < ys.length; i++) {
            width = Math.max(width, (int) xs[i] + 1);
            height = Math.max(height, (int) ys[i] + 1);
        }
        int n = width * height;
        int[] index = new int[ys.length];
        for (int i = 0; i < ys.length; i++) {
            index[i] = (int) ys[i] * width + (int) xs[i];
        }
        double pixelSizeUm = pixelSize(pt.doubles("x_um"), xs);
        boolean[] onSample = new boolean[n];
        double[] on = pt.doubles("on_sample");
        for (int i = 0; i < index.length; i++) {
            onSample[index[i]] = on[i] == 1;
        }
        String tauMeasure = firstNonNull(pt.strings("tau_measure"), "TAU_MAX");
        String tauName = "TAU_INTERFACE".equals(tauMeasure) ? "tau_interface" : "tau_max";

        List<MapLayer> maps = new ArrayList<>();
        String[] fitStatus = new String[n];
        double[] chi2 = new double[n];
        Arrays.fill(chi2, Double.NaN);
        Extract base = extracts.get(BASE_SWEEP);
        if (base != null && baseSweep != null && !base.rows().isEmpty()) {
            int[] bi = gridIndex(base, width);
            String at = " at " + formatNumber(baseSweep.temperatureK()) + " K, B_applied "
                + formatNumber(Math.round(baseSweep.appliedFieldGauss() * 10) / 10.0) + " G (" + baseSweep.protocol()
                + " sweep " + baseSweep.sweepId() + ")";
            maps.add(new MapLayer("map_b_par", "B_par" + at, "B_par (G)", "pixel_physics.b_par_gauss",
                scatter(base.doubles("b_par_gauss"), bi, n), MapLayer.Scale.SEQUENTIAL, 0, true));
            String[] st = base.strings("fit_status");
            double[] c2 = base.doubles("reduced_chi2");
            for (int i = 0; i < bi.length; i++) {
                fitStatus[bi[i]] = st[i];
                chi2[bi[i]] = c2[i];
            }
        } else {
            maps.add(new MapLayer("map_b_par", "B_par at the stress-reference sweep", "B_par (G)",
                "pixel_table.b_par_gauss", scatter(pt.doubles("b_par_gauss"), index, n), MapLayer.Scale.SEQUENTIAL,
                0, true));
        }
        // Per pixel, the coldest sweep of the Tc protocol at its largest field where the pixel has a field (the
        // pipeline's choice): complete where the base sweep's own inversion has holes.
        maps.add(new MapLayer("map_field_shift", "Meissner field shift B_NV - B_applied, lowest temperature, largest "
            + "field", "field shift (G)", "pixel_table.field_shift_low_t_gauss",
            scatter(pt.doubles("field_shift_low_t_gauss"), index, n), MapLayer.Scale.DIVERGING, 0, true));
        maps.add(new MapLayer("map_screening_ratio",
            "Screening ratio dB_NV/dI over the unscreened slope, lowest temperature (1 = no screening)",
            "screening ratio (1)", "pixel_table.screening_slope_ratio_low_t",
            scatter(pt.doubles("screening_slope_ratio_low_t"), index, n), MapLayer.Scale.DIVERGING, 1, true));
        maps.add(new MapLayer("map_tc", "Local Tc (fitted step; white: no transition)", "Tc (K)",
            "pixel_table.tc_fit_k", scatter(pt.doubles("tc_fit_k"), index, n), MapLayer.Scale.SEQUENTIAL, 0, true));
        maps.add(new MapLayer("map_sigma_zz", "Normal stress sigma_ZZ (compressive positive)", "sigma_ZZ (GPa)",
            "pixel_table.sigma_zz_gpa", scatter(pt.doubles("sigma_zz_gpa"), index, n), MapLayer.Scale.SEQUENTIAL,
            0, true));
        maps.add(new MapLayer("map_tau", "Shear " + tauName + " (the phase diagram's measure)", tauName + " (GPa)",
            "pixel_table.tau_gpa", scatter(pt.doubles("tau_gpa"), index, n), MapLayer.Scale.SEQUENTIAL, 0, true));
        maps.add(new MapLayer("map_la_ni", "La:Ni from EDX (1.5 = La3Ni2O7)", "La:Ni (1)",
            "pixel_table.la_ni_ratio", scatter(pt.doubles("la_ni_ratio"), index, n), MapLayer.Scale.DIVERGING, 1.5,
            true));

        List<PhaseBin> bins = new ArrayList<>();
        Extract pd = extracts.get(PHASE_DIAGRAM);
        if (pd != null) {
            String[] diagram = pd.strings("diagram");
            double[] idx = pd.doubles("bin_index");
            double[] tLo = pd.doubles("temperature_lo_k");
            double[] tHi = pd.doubles("temperature_hi_k");
            double[] sLo = pd.doubles("sigma_zz_lo_gpa");
            double[] sHi = pd.doubles("sigma_zz_hi_gpa");
            double[] uLo = pd.doubles("tau_lo_gpa");
            double[] uHi = pd.doubles("tau_hi_gpa");
            double[] np = pd.doubles("n_pixels");
            double[] ns = pd.doubles("n_superconducting");
            double[] fr = pd.doubles("sc_fraction");
            double[] cl = pd.doubles("ci_level");
            double[] nt = pd.doubles("n_tc");
            double[] tc = pd.doubles("tc_median_k");
            for (int i = 0; i < diagram.length; i++) {
                bins.add(new PhaseBin(diagram[i], (int) idx[i], tLo[i], tHi[i], sLo[i], sHi[i], uLo[i], uHi[i],
                    zeroIfNaN(np[i]), zeroIfNaN(ns[i]), fr[i], cl[i], zeroIfNaN(nt[i]), tc[i]));
            }
        }
        List<SweepInfo> sweeps = extracts.containsKey(SWEEPS) ? sweeps(extracts.get(SWEEPS)) : List.of();
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        Extract sc = extracts.get(STATUS_COUNTS);
        if (sc != null) {
            String[] table = sc.strings("table_name");
            String[] status = sc.strings("status");
            double[] rows = sc.doubles("n");
            for (int i = 0; i < table.length; i++) {
                counts.computeIfAbsent(table[i], k -> new LinkedHashMap<>()).put(status[i], (long) rows[i]);
            }
        }
        return new AcquisitionData(sampleId, pressureGpa, width, height, pixelSizeUm, onSample, List.copyOf(maps),
            baseSweep, fitStatus, chi2, List.copyOf(bins), tauMeasure, List.copyOf(sweeps), counts, manifest,
            Map.copyOf(extracts));
    }

    /** The map named {@code name}. */
    public MapLayer map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no map " + name));
    }

    private static long zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : (long) v;
    }

    private static int[] gridIndex(Extract e, int width) {
        double[] y = e.doubles("pixel_y");
        double[] x = e.doubles("pixel_x");
        int[] out = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (int) y[i] * width + (int) x[i];
        }
        return out;
    }

    private static double[] scatter(double[] values, int[] index, int n) {
        double[] out = new double[n];
        Arrays.fill(out, Double.NaN);
        for (int i = 0; i < index.length; i++) {
            out[index[i]] = values[i];
        }
        return out;
    }

    /** Pixel size from x_um = (x + 0.5) p (README: pixel coordinates), the median over pixels. */
    static double pixelSize(double[] xUm, double[] x) {
        double[] p = new double[xUm.length];
        int k = 0;
        for (int i = 0; i < xUm.length; i++) {
            if (Double.isFinite(xUm[i])) {
                p[k++] = xUm[i] / (x[i] + 0.5);
            }
        }
        if (k == 0) {
            return Double.NaN;
        }
        double[] s = Arrays.copyOf(p, k);
        Arrays.sort(s);
        return s[k / 2];
    }

    private static String firstNonNull(String[] values, String fallback) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return fallback;
    }

    /** A number without a trailing ".0" (15.0 -> "15", 15.25 -> "15.25"). */
    public static String formatNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
