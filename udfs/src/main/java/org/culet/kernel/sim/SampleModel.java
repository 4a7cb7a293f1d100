package org.culet.kernel.sim;

import java.util.SplittableRandom;

/**
 * The synthetic sample as continuous functions of lab position (x, y in um, origin at the corner of the
 * field of view, y down the image rows). Continuous so that the ODMR grid and the rotated EDX grid sample
 * the same object. Random details (centre, boundary wobble, shear spots, stripes, smooth fields) are drawn
 * once from the seed. Immutable after construction; thread-safe.
 *
 * <p>Stress is in GPa, compressive positive, Voigt order XX, YY, ZZ, YZ, XZ, XY (see StressTensor).
 */
public final class SampleModel {
    /** Number of cosine modes in each smooth random field. */
    private static final int MODES = 6;

    private final SimulationSpec.Sample p;
    private final TcRule tcRule;
    private final double cx;
    private final double cy;
    private final double peakX;
    private final double peakY;
    private final double cosRot;
    private final double sinRot;
    private final double[] wobblePhase = new double[2];
    private final double[][] shearSpots;    // {x, y}
    private final double[] tractionSpot;    // {x, y, angle}
    private final double[][] stripes;       // {nx, ny, offset, deviation}
    private final SmoothField ripple;
    private final SmoothField compositionRipple;
    private final SmoothField nickelRipple;
    private final SmoothField contrastField;
    private final SmoothField widthField;
    private final SmoothField brightnessField;

    public SampleModel(SimulationSpec.Sample sample, TcRule tcRule, double correlationLengthUm, long seed) {
        this.p = sample;
        this.tcRule = tcRule;
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5A3D1E55L);
        double half = sample.fieldOfViewUm() / 2;
        cx = half + sample.centreJitterUm() * (2 * rng.nextDouble() - 1);
        cy = half + sample.centreJitterUm() * (2 * rng.nextDouble() - 1);
        peakX = cx + 1.5 * (2 * rng.nextDouble() - 1);
        peakY = cy + 1.5 * (2 * rng.nextDouble() - 1);
        double rot = Math.toRadians(sample.rotationDeg());
        cosRot = Math.cos(rot);
        sinRot = Math.sin(rot);
        wobblePhase[0] = 2 * Math.PI * rng.nextDouble();
        wobblePhase[1] = 2 * Math.PI * rng.nextDouble();
        shearSpots = new double[sample.shearSpots()][];
        for (int i = 0; i < shearSpots.length; i++) {
            // Spread spots over the inner sample: the first near the stress peak (where Tc would be highest),
            // the others at mid radius, so the critical shear visibly quenches superconductivity.
            double r = i == 0 ? 2.0 + 1.5 * rng.nextDouble() : 4.5 + 2.0 * rng.nextDouble();
            double a = 2 * Math.PI * rng.nextDouble();
            shearSpots[i] = new double[] {peakX + r * Math.cos(a), peakY + r * Math.sin(a)};
        }
        double ta = 2 * Math.PI * rng.nextDouble();
        double tr = 3.5 + 2.0 * rng.nextDouble();
        tractionSpot = new double[] {peakX + tr * Math.cos(ta), peakY + tr * Math.sin(ta), 2 * Math.PI * rng.nextDouble()};
        stripes = new double[sample.stripes()][];
        for (int i = 0; i < stripes.length; i++) {
            double angle = Math.PI * rng.nextDouble();
            double offset = (i == 0 ? -1 : 1) * (2.5 + 3.5 * rng.nextDouble());
            double dev = (i % 2 == 0 ? 1 : -1) * sample.stripeLaNiDeviation();
            double nx = -Math.sin(angle);
            double ny = Math.cos(angle);
            stripes[i] = new double[] {nx, ny, offset + nx * cx + ny * cy, dev};
        }
        ripple = new SmoothField(rng, MODES, 0.8 * sample.sigmaZzLengthUm());
        compositionRipple = new SmoothField(rng, MODES, correlationLengthUm);
        nickelRipple = new SmoothField(rng, MODES, correlationLengthUm);
        contrastField = new SmoothField(rng, MODES, correlationLengthUm);
        widthField = new SmoothField(rng, MODES, correlationLengthUm);
        brightnessField = new SmoothField(rng, MODES, 1.5 * correlationLengthUm);
    }

    /**
     * Soft on-sample indicator in [0, 1] (1 well inside the outline, 0 outside, a smooth step ~{@code edgeUm}
     * wide at the boundary); {@code edgeUm = 0} gives the hard mask.
     */
    public double insideness(double xUm, double yUm, double edgeUm) {
        double dx = xUm - cx;
        double dy = yUm - cy;
        double u = cosRot * dx + sinRot * dy;
        double v = -sinRot * dx + cosRot * dy;
        double phi = Math.atan2(v, u);
        double wobble = 1 + p.boundaryWobbleFraction()
            * (0.6 * Math.sin(3 * phi + wobblePhase[0]) + 0.4 * Math.sin(5 * phi + wobblePhase[1]));
        double rho = Math.sqrt((u / p.semiAxisXUm()) * (u / p.semiAxisXUm()) + (v / p.semiAxisYUm()) * (v / p.semiAxisYUm()));
        // Signed distance to the boundary, approximately, in um (positive inside).
        double meanAxis = 0.5 * (p.semiAxisXUm() + p.semiAxisYUm());
        double distUm = (wobble - rho) * meanAxis;
        if (edgeUm <= 0) {
            return distUm >= 0 ? 1.0 : 0.0;
        }
        return 0.5 * (1 + Math.tanh(distUm / edgeUm));
    }

    public boolean onSample(double xUm, double yUm) {
        return insideness(xUm, yUm, 0) > 0.5;
    }

    /**
     * Lab stress tensor at (x, y), Voigt order XX, YY, ZZ, YZ, XZ, XY in GPa, written to out6 (mutated).
     * sigma_ZZ: Gaussian dome clamped to [min, max]; tau_max = base + slope (sZZ - min) + shear spots, and
     * s_perp = sZZ - 2 tau_max; in-plane deviator radial/hoop; shear tractions -L grad(sZZ) + one spot.
     */
    public void stress(double xUm, double yUm, double[] out6) {
        double dx = xUm - peakX;
        double dy = yUm - peakY;
        double l2 = p.sigmaZzLengthUm() * p.sigmaZzLengthUm();
        double dome = Math.exp(-(dx * dx + dy * dy) / (2 * l2));
        double span = p.sigmaZzMaxGpa() - p.sigmaZzMinGpa();
        double szzRaw = p.sigmaZzMinGpa() + span * dome + p.sigmaZzRippleGpa() * ripple.value(xUm, yUm);
        double szz = Math.max(p.sigmaZzMinGpa(), Math.min(p.sigmaZzMaxGpa(), szzRaw));
        double tau = p.tauBaseGpa() + p.tauPerGpaSigmaZz() * (szz - p.sigmaZzMinGpa());
        double ss2 = p.shearSpotSigmaUm() * p.shearSpotSigmaUm();
        for (double[] s : shearSpots) {
            double ex = xUm - s[0];
            double ey = yUm - s[1];
            tau += p.shearSpotPeakGpa() * Math.exp(-(ex * ex + ey * ey) / (2 * ss2));
        }
        double sPerp = szz - 2 * tau;
        double r = Math.sqrt(dx * dx + dy * dy);
        double q = p.inPlaneDeviatorGpa() * Math.min(1.0, r / (0.5 * p.fieldOfViewUm()));
        double cos2 = r > 0 ? (dx * dx - dy * dy) / (r * r) : 0;
        double sin2 = r > 0 ? 2 * dx * dy / (r * r) : 0;
        // Gradient of the (unclamped) dome: d/dx = -dx / L^2 * span * dome.
        double gx = -dx / l2 * span * dome;
        double gy = -dy / l2 * span * dome;
        double sxz = -p.tractionLengthUm() * gx;
        double syz = -p.tractionLengthUm() * gy;
        double ts2 = p.tractionSpotSigmaUm() * p.tractionSpotSigmaUm();
        double tx = xUm - tractionSpot[0];
        double ty = yUm - tractionSpot[1];
        double spot = p.tractionSpotPeakGpa() * Math.exp(-(tx * tx + ty * ty) / (2 * ts2));
        sxz += spot * Math.cos(tractionSpot[2]);
        syz += spot * Math.sin(tractionSpot[2]);
        out6[0] = sPerp + q * cos2;
        out6[1] = sPerp - q * cos2;
        out6[2] = szz;
        out6[3] = syz;
        out6[4] = sxz;
        out6[5] = q * sin2;
    }

    /** La:Ni ratio of the sample material at (x, y) (defined everywhere; meaningful on the sample). */
    public double laNiRatio(double xUm, double yUm) {
        double ratio = p.laNiRatio() * (1 + p.compositionRipple() * compositionRipple.value(xUm, yUm));
        double w = p.stripeHalfWidthUm();
        for (double[] s : stripes) {
            double d = (s[0] * xUm + s[1] * yUm - s[2]) / w;
            ratio += s[3] * Math.exp(-d * d * d * d);
        }
        return ratio;
    }

    /** Ni content in at% of the sample material at (x, y); La at% = ratio * Ni at%. */
    public double niAtPct(double xUm, double yUm) {
        return p.niAtPct() * (1 + 0.5 * p.compositionRipple() * nickelRipple.value(xUm, yUm));
    }

    /** Local Tc (K) at (x, y), NaN off the sample or when not superconducting; stress6 is scratch (mutated). */
    public double tcK(double xUm, double yUm, double[] stress6) {
        if (!onSample(xUm, yUm)) {
            return Double.NaN;
        }
        stress(xUm, yUm, stress6);
        return tcRule.tcK(stress6[2], tauMaxGpa(stress6), tauInterfaceGpa(stress6), laNiRatio(xUm, yUm));
    }

    /** tau_max = |sZZ - s_perp| / 2, s_perp = (sXX + sYY) / 2 (physics.md Section 5), from a Voigt tensor. */
    public static double tauMaxGpa(double[] voigt6) {
        return Math.abs(voigt6[2] - 0.5 * (voigt6[0] + voigt6[1])) / 2;
    }

    /** tau_interface = sqrt(sXZ^2 + sYZ^2) (physics.md Section 5), from a Voigt tensor. */
    public static double tauInterfaceGpa(double[] voigt6) {
        return Math.hypot(voigt6[3], voigt6[4]);
    }

    /** Smooth field in [0, 1] used for the per-pixel line contrast. */
    public double contrastFraction(double xUm, double yUm) {
        return 0.5 + 0.5 * contrastField.value(xUm, yUm);
    }

    /** Smooth field in [0, 1] used for the per-pixel line width. */
    public double widthFraction(double xUm, double yUm) {
        return 0.5 + 0.5 * widthField.value(xUm, yUm);
    }

    /** Smooth field in [0, 1] used for the PL brightness (baseline counts). */
    public double brightnessFraction(double xUm, double yUm) {
        return 0.5 + 0.5 * brightnessField.value(xUm, yUm);
    }

    /** A sum of random cosines with wavelengths around a correlation length, scaled into [-1, 1]. */
    private static final class SmoothField {
        private final double[] kx;
        private final double[] ky;
        private final double[] phase;
        private final double[] weight;

        SmoothField(SplittableRandom rng, int modes, double lengthUm) {
            kx = new double[modes];
            ky = new double[modes];
            phase = new double[modes];
            weight = new double[modes];
            double sum = 0;
            for (int m = 0; m < modes; m++) {
                double k = 2 * Math.PI / (lengthUm * (0.7 + 0.9 * rng.nextDouble()));
                double a = 2 * Math.PI * rng.nextDouble();
                kx[m] = k * Math.cos(a);
                ky[m] = k * Math.sin(a);
                phase[m] = 2 * Math.PI * rng.nextDouble();
                weight[m] = 0.5 + rng.nextDouble();
                sum += weight[m];
            }
            for (int m = 0; m < modes; m++) {
                weight[m] /= sum;
            }
        }

        double value(double x, double y) {
            double v = 0;
            for (int m = 0; m < kx.length; m++) {
                v += weight[m] * Math.cos(kx[m] * x + ky[m] * y + phase[m]);
            }
            return v;
        }
    }
}
