package org.culet.kernel.sim;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.culet.kernel.nv.CuletOrientation;

/**
 * Everything the synthetic-acquisition forward model needs, read once from {@code culet.simulate} in
 * reference.conf (every key documented there with its unit) for one preset and one seed. Immutable.
 */
public record SimulationSpec(
    String preset, long seed, CuletOrientation culet, double pressureGpa, String sampleId, String material,
    int widthPx, int heightPx, double pixelSizeUm,
    int frequencyPoints, double frequencyStartMhz, double frequencyStopMhz,
    double coilGaussPerAmp, double[] biasDirection,
    List<SweepDefinition> sweeps, double exposureS, int averages,
    Sample sample, TcRule tcRule, Screening screening, Spectrum spectrum, Edx edx) {

    /** Physical sample model parameters ({@code culet.simulate.sample}). */
    public record Sample(double fieldOfViewUm, double semiAxisXUm, double semiAxisYUm, double rotationDeg,
                         double centreJitterUm, double boundaryWobbleFraction,
                         double sigmaZzMinGpa, double sigmaZzMaxGpa, double sigmaZzLengthUm, double sigmaZzRippleGpa,
                         double tauBaseGpa, double tauPerGpaSigmaZz, int shearSpots, double shearSpotPeakGpa,
                         double shearSpotSigmaUm, double inPlaneDeviatorGpa, double tractionLengthUm,
                         double tractionSpotPeakGpa, double tractionSpotSigmaUm,
                         double niAtPct, double laNiRatio, double compositionRipple, int stripes,
                         double stripeLaNiDeviation, double stripeHalfWidthUm) {
        static Sample fromConfig(Config c) {
            return new Sample(c.getDouble("field-of-view-um"), c.getDouble("semi-axis-x-um"),
                c.getDouble("semi-axis-y-um"), c.getDouble("rotation-deg"), c.getDouble("centre-jitter-um"),
                c.getDouble("boundary-wobble-fraction"), c.getDouble("sigma-zz-min-gpa"),
                c.getDouble("sigma-zz-max-gpa"), c.getDouble("sigma-zz-length-um"), c.getDouble("sigma-zz-ripple-gpa"),
                c.getDouble("tau-base-gpa"), c.getDouble("tau-per-gpa-sigma-zz"), c.getInt("shear-spots"),
                c.getDouble("shear-spot-peak-gpa"), c.getDouble("shear-spot-sigma-um"),
                c.getDouble("in-plane-deviator-gpa"), c.getDouble("traction-length-um"),
                c.getDouble("traction-spot-peak-gpa"), c.getDouble("traction-spot-sigma-um"),
                c.getDouble("ni-at-pct"), c.getDouble("la-ni-ratio"), c.getDouble("composition-ripple"),
                c.getInt("stripes"), c.getDouble("stripe-la-ni-deviation"), c.getDouble("stripe-half-width-um"));
        }
    }

    /** Magnetostatic screening parameters ({@code culet.simulate.screening}, physics.md Section 5b). */
    public record Screening(double nvDepthUm, double sampleThicknessUm, double chiExponent, double fcFraction,
                            double remanentFraction, int paddingFactor) {
        static Screening fromConfig(Config c) {
            return new Screening(c.getDouble("nv-depth-um"), c.getDouble("sample-thickness-um"),
                c.getDouble("chi-exponent"), c.getDouble("fc-fraction"), c.getDouble("remanent-fraction"),
                c.getInt("padding-factor"));
        }
    }

    /** Spectrum parameters ({@code culet.simulate.spectrum}). */
    public record Spectrum(LineShape lineShape, double pseudoVoigtEta, double fwhmMinMhz, double fwhmMaxMhz,
                           double contrastMin, double contrastMax, double correlationLengthUm,
                           double baselineCountsMin, double baselineCountsMax, double samplePlFactor,
                           double driftLinearMax, double driftQuadraticMax, double intensityJitter,
                           double windowMarginMhz) {
        static Spectrum fromConfig(Config c) {
            return new Spectrum(LineShape.parse(c.getString("line-shape")), c.getDouble("pseudo-voigt-eta"),
                c.getDouble("fwhm-min-mhz"), c.getDouble("fwhm-max-mhz"), c.getDouble("contrast-min"),
                c.getDouble("contrast-max"), c.getDouble("correlation-length-um"), c.getDouble("baseline-counts-min"),
                c.getDouble("baseline-counts-max"), c.getDouble("sample-pl-factor"), c.getDouble("drift-linear-max"),
                c.getDouble("drift-quadratic-max"), c.getDouble("intensity-jitter"), c.getDouble("window-margin-mhz"));
        }
    }

    /** EDX grid and counting parameters ({@code culet.simulate.edx} plus the preset's EDX grid). */
    public record Edx(double rotationDeg, double shiftXUm, double shiftYUm, double countsPerAtPct,
                      double referenceSampleCounts, double referenceBackgroundCounts,
                      double pixelSizeUm, int widthPx, int heightPx) {
    }

    /**
     * Reads {@code culet.simulate} for {@code preset} (tiny, demo, bench or any preset block added by the user).
     *
     * @param simulate   the {@code culet.simulate} block
     * @param instrument the {@code culet.instrument} block (coil calibration, bias direction)
     * @throws IllegalArgumentException naming the preset when it does not exist
     */
    public static SimulationSpec fromConfig(Config simulate, Config instrument, String preset, long seed) {
        if (!simulate.hasPath("presets." + preset)) {
            throw new IllegalArgumentException("unknown simulate preset '" + preset + "'; known: "
                + simulate.getConfig("presets").root().keySet());
        }
        Config p = simulate.getConfig("presets." + preset);
        List<SweepDefinition> sweeps = new ArrayList<>();
        for (double t : p.getDoubleList("temperatures-k")) {
            for (double i : p.getDoubleList("zfc-currents-a")) {
                sweeps.add(new SweepDefinition(sweeps.size(), CoolingProtocol.ZFC, t, i, 0.0));
            }
        }
        for (double t : p.getDoubleList("fc-temperatures-k")) {
            for (double i : p.getDoubleList("fc-currents-a")) {
                sweeps.add(new SweepDefinition(sweeps.size(), CoolingProtocol.FC, t, i, i));
            }
        }
        double coolA = p.getDouble("remanent-cooling-current-a");
        for (double t : p.getDoubleList("remanent-temperatures-k")) {
            sweeps.add(new SweepDefinition(sweeps.size(), CoolingProtocol.REMANENT, t, 0.0, coolA));
        }
        for (double t : p.getDoubleList("stress-reference-temperatures-k")) {
            sweeps.add(new SweepDefinition(sweeps.size(), CoolingProtocol.STRESS_REFERENCE, t, 0.0, 0.0));
        }
        List<Double> bias = instrument.getDoubleList("bias-direction");
        double norm = Math.sqrt(bias.get(0) * bias.get(0) + bias.get(1) * bias.get(1) + bias.get(2) * bias.get(2));
        Config e = simulate.getConfig("edx");
        Edx edx = new Edx(e.getDouble("rotation-deg"), e.getDouble("shift-x-um"), e.getDouble("shift-y-um"),
            e.getDouble("counts-per-at-pct"), e.getDouble("reference-sample-counts"),
            e.getDouble("reference-background-counts"), p.getDouble("edx-pixel-size-um"), p.getInt("edx-width-px"),
            p.getInt("edx-height-px"));
        return new SimulationSpec(preset, seed, CuletOrientation.parse(simulate.getString("culet")),
            simulate.getDouble("pressure-gpa"), simulate.getString("sample-id"), simulate.getString("material"),
            p.getInt("width-px"), p.getInt("height-px"), p.getDouble("pixel-size-um"),
            p.getInt("frequency-points"), p.getDouble("frequency-start-mhz"), p.getDouble("frequency-stop-mhz"),
            instrument.getDouble("coil-gauss-per-amp"),
            new double[] {bias.get(0) / norm, bias.get(1) / norm, bias.get(2) / norm},
            List.copyOf(sweeps), p.getDouble("exposure-s"), p.getInt("averages"),
            Sample.fromConfig(simulate.getConfig("sample")), TcRule.fromConfig(simulate.getConfig("tc-rule")),
            Screening.fromConfig(simulate.getConfig("screening")), Spectrum.fromConfig(simulate.getConfig("spectrum")),
            edx);
    }

    /** The sweep's frequency axis in MHz (linearly spaced, start and stop included). */
    public double[] frequenciesMhz() {
        double[] f = new double[frequencyPoints];
        for (int i = 0; i < frequencyPoints; i++) {
            f[i] = frequencyPoints == 1 ? frequencyStartMhz
                : frequencyStartMhz + (frequencyStopMhz - frequencyStartMhz) * i / (frequencyPoints - 1);
        }
        return f;
    }

    /** Sweep id as written in sweeps.csv and used for file names: "s0001" for index 0. */
    public static String sweepId(int index) {
        return String.format(Locale.ROOT, "s%04d", index + 1);
    }
}
