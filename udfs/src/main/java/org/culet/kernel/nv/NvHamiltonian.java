package org.culet.kernel.nv;

/**
 * Forward model of the NV ground-state spin resonances (physics.md Sections 3 and 4).
 *
 * <p>In each NV frame (z along the NV axis), in frequency units (MHz), basis |+1>, |0>, |-1>:
 * <pre>
 *   H = (D0 + Mz) Sz^2 + gamma B.S + Mx (Sy^2 - Sx^2) + My (Sx Sy + Sy Sx)
 *   Mz = (a1 - a2)(s_xx + s_yy) + (a1 + 2 a2) s_zz
 *   Mx = (b + c)(s_xx - s_yy) + (2 sqrt2 b - sqrt2 c) s_xz
 *   My = -2 (b + c) s_xy      + (2 sqrt2 b - sqrt2 c) s_yz
 * </pre>
 * (Barson et al., Nano Lett. 17, 1496 (2017); stress in GPa, compressive positive.) Written out, H has
 * H11 = D + gamma Bz, H22 = 0, H33 = D - gamma Bz with D = D0 + Mz; H12 = H23 = gamma (Bx - i By)/sqrt2;
 * H13 = -(Mx + i My). The two transition frequencies of a group are the differences of the upper two
 * eigenvalues from the lowest (the ms = 0-like level; valid below the ground-state level anticrossing,
 * B_par < ~1000 G).
 *
 * <p>Output order everywhere: group 1 (f-, f+), group 2 (f-, f+), ..., group 4; groups numbered as in
 * {@link CuletOrientation}. Not thread-safe: it owns scratch arrays (one instance per thread); no
 * allocation per call (except the EJML solver's, see {@link HermitianEigen3}).
 *
 * <p>{@link #groupTransitionsAndDerivatives} adds the analytic (Hellmann-Feynman) derivatives of a group's two
 * transitions with respect to the lab field and stress, for the inversion's Jacobian.
 */
public final class NvHamiltonian {
    /** Which eigen-solver to use; both are exact (see {@link HermitianEigen3}). */
    public enum Solver { CLOSED_FORM, EJML }

    public static final int LINES = 2 * NvFrames.GROUPS;

    private final NvConstants constants;
    private final NvFrames frames;
    private final Solver solver;
    private final HermitianEigen3 eigen = new HermitianEigen3();
    private final double[] sigmaLab = new double[9];
    private final double[] sigmaNv = new double[9];
    private final double[] bNv = new double[3];
    private final double[] levels = new double[3];
    private final double[] couplings = new double[3];

    /**
     * Number of parameters of {@link #groupTransitionsAndDerivatives}: Bx, By, Bz (lab field, G), sigma_ZZ,
     * sigma_perp, sigma_XZ, sigma_YZ, sigma_dev, sigma_XY (lab stress, GPa; sigma_XX = sigma_perp + sigma_dev,
     * sigma_YY = sigma_perp - sigma_dev). The same order as the first nine quantities of the physics package's
     * InversionResult.
     */
    public static final int DERIVATIVE_PARAMETERS = 9;
    /**
     * Two levels closer than this fraction of the spread of the three levels (about D0 = 2870 MHz: 0.29 MHz,
     * e.g. |gamma B_par| < 0.05 G with no transverse stress) are treated as degenerate, where Hellmann-Feynman
     * does not apply (the derivative of each of the two levels is undefined at the crossing) and the closed-form
     * eigenvalues lose accuracy (error ~ eps scale^2 / gap), which the eigenvector inherits divided by the gap:
     * at this threshold the derivative's relative error is still ~1e-8 (tested in NvHamiltonianDerivativeTest).
     */
    public static final double DEGENERATE_RELATIVE_GAP = 1e-4;
    /** Features of dH/dp per group and parameter: dD, dGz, dH12 (re, im), dH13 (re, im), MHz per G or GPa. */
    private static final int COEFFS = 6;
    /**
     * coefficients[((group * 9) + p) * 6 + c]: since H is linear in every parameter, dH/dp is a constant matrix of
     * the same shape as H (d/dp of D, gamma B_z, H12 = H23, H13 of the class doc), filled in the constructor.
     */
    private final double[] coefficients = new double[NvFrames.GROUPS * DERIVATIVE_PARAMETERS * COEFFS];
    /** Per level k (ascending): the 6 quadratic-form weights of its eigenvector, see {@link #levelFeatures}. */
    private final double[] features = new double[3 * COEFFS];
    /** Normalised eigenvectors of the last successful derivative call, level k at [6k], (re, im) interleaved. */
    private final double[] vectors = new double[18];
    /** Ascending levels of the last successful derivative call, MHz. */
    private final double[] vectorLevels = new double[3];
    private int vectorGroup = -1;
    /** Complex 3-vector scratch (re, im interleaved) for the eigenvector cross products. */
    private final double[] cross = new double[6];
    private final double[] bestCross = new double[6];
    /** Matrix elements of the last {@link #solveGroup}: D, gamma B_z, H12 = H23 (re, im), H13 (re, im), MHz. */
    private double hD;
    private double hGz;
    private double hOffRe;
    private double hOffIm;
    private double h13Re;
    private double h13Im;

    public NvHamiltonian(NvConstants constants, CuletOrientation orientation, Solver solver) {
        this.constants = constants;
        this.frames = new NvFrames(orientation, constants.flipFrameX());
        this.solver = solver;
        fillCoefficients();
    }

    /**
     * dH/dp per group in the NV frame. Field: B_nv = R B_lab, so d(gamma B_nv,z)/dB_i = gamma R_zi and
     * dH12/dB_i = gamma (R_xi - i R_yi) / sqrt2. Stress: Mz, Mx, My are linear in sigma_nv = R sigma_lab R^T, so
     * their derivatives are the couplings of the unit lab tensor of each stress parameter; H13 = -(Mx + i My).
     */
    private void fillCoefficients() {
        double gamma = constants.gammaMhzPerGauss();
        double[] unit = new double[9];
        double[] m = new double[3];
        for (int g = 0; g < NvFrames.GROUPS; g++) {
            double[] r = frames.rotation(g);
            for (int p = 0; p < DERIVATIVE_PARAMETERS; p++) {
                int base = (g * DERIVATIVE_PARAMETERS + p) * COEFFS;
                if (p < 3) {
                    coefficients[base] = 0;
                    coefficients[base + 1] = gamma * r[6 + p];
                    coefficients[base + 2] = gamma * r[p] / Math.sqrt(2);
                    coefficients[base + 3] = -gamma * r[3 + p] / Math.sqrt(2);
                    coefficients[base + 4] = 0;
                    coefficients[base + 5] = 0;
                    continue;
                }
                java.util.Arrays.fill(unit, 0);
                switch (p) {
                    case 3 -> unit[8] = 1;                       // sigma_ZZ
                    case 4 -> { unit[0] = 1; unit[4] = 1; }      // sigma_perp: XX and YY
                    case 5 -> { unit[2] = 1; unit[6] = 1; }      // sigma_XZ
                    case 6 -> { unit[5] = 1; unit[7] = 1; }      // sigma_YZ
                    case 7 -> { unit[0] = 1; unit[4] = -1; }     // sigma_dev: XX = +dev, YY = -dev
                    default -> { unit[1] = 1; unit[3] = 1; }     // sigma_XY
                }
                stressCouplings(g, unit, m);
                coefficients[base] = m[0];
                coefficients[base + 1] = 0;
                coefficients[base + 2] = 0;
                coefficients[base + 3] = 0;
                coefficients[base + 4] = -m[1];
                coefficients[base + 5] = -m[2];
            }
        }
    }

    public NvHamiltonian(NvConstants constants, CuletOrientation orientation) {
        this(constants, orientation, Solver.CLOSED_FORM);
    }

    public NvFrames frames() {
        return frames;
    }

    public NvConstants constants() {
        return constants;
    }

    /**
     * Stress couplings of one group: out3 = {Mz, Mx, My} in MHz for the lab stress tensor (GPa).
     * Mutates out3 only.
     */
    public void stressCouplings(int group, StressTensor stressLab, double[] out3) {
        stressLab.toMatrix(sigmaLab);
        stressCouplings(group, sigmaLab, out3);
    }

    private void stressCouplings(int group, double[] sigmaLab9, double[] out3) {
        frames.stressToNvFrame(group, sigmaLab9, sigmaNv);
        double sxx = sigmaNv[0];
        double syy = sigmaNv[4];
        double szz = sigmaNv[8];
        double sxy = sigmaNv[1];
        double sxz = sigmaNv[2];
        double syz = sigmaNv[5];
        double normal = constants.mPerpNormalCoefficient();
        double shear = constants.mPerpShearCoefficient();
        out3[0] = constants.mzPerpCoefficient() * (sxx + syy) + constants.mzAxialCoefficient() * szz;
        out3[1] = normal * (sxx - syy) + shear * sxz;
        out3[2] = -2 * normal * sxy + shear * syz;
    }

    /**
     * The 8 transition frequencies (MHz) for a lab field (G) and lab stress tensor (GPa) at zero-field
     * splitting d0Mhz, written into out8 in the order group 1 (f-, f+) ... group 4 (f-, f+).
     * Mutates out8 only.
     */
    public void transitions(double bxGauss, double byGauss, double bzGauss, StressTensor stressLab,
                            double d0Mhz, double[] out8) {
        stressLab.toMatrix(sigmaLab);
        for (int g = 0; g < NvFrames.GROUPS; g++) {
            groupTransitions(g, bxGauss, byGauss, bzGauss, sigmaLab, d0Mhz, out8, 2 * g);
        }
    }

    /**
     * The two transitions of one group (f-, f+) written at out[offset], out[offset + 1]; sigmaLab9 is the
     * row-major lab stress tensor in GPa. Mutates out only (and internal scratch).
     */
    public void groupTransitions(int group, double bxGauss, double byGauss, double bzGauss,
                                 double[] sigmaLab9, double d0Mhz, double[] out, int offset) {
        solveGroup(group, bxGauss, byGauss, bzGauss, sigmaLab9, d0Mhz);
        out[offset] = levels[1] - levels[0];
        out[offset + 1] = levels[2] - levels[0];
    }

    /**
     * The two transitions of one group, as {@link #groupTransitions} (bit-identical values), and their derivatives
     * with respect to the {@link #DERIVATIVE_PARAMETERS} lab parameters Bx, By, Bz (MHz/G) and sigma_ZZ, sigma_perp,
     * sigma_XZ, sigma_YZ, sigma_dev, sigma_XY (MHz/GPa), by Hellmann-Feynman (Feynman, Phys. Rev. 56, 340 (1939)):
     * for a non-degenerate level k with normalised eigenvector psi_k, dE_k/dp = &lt;psi_k| dH/dp |psi_k&gt;, and
     * H is linear in every parameter, so dH/dp is a constant matrix per group (precomputed) and each derivative is a
     * quadratic form. d f-/dp = dE_1/dp - dE_0/dp, d f+/dp = dE_2/dp - dE_0/dp.
     *
     * <p>The eigenvectors come from the closed-form (or EJML) eigenvalues: psi_k spans the null space of
     * H - E_k I, obtained as the largest-norm cross product of two of its rows (written here: EJML has no complex
     * Hermitian eigen-solver, and its real 6x6 embedding doubles every eigenvalue, which makes its eigenvectors
     * ambiguous). sigmaLab9: row-major lab stress tensor, GPa.
     *
     * <p>Writes out[offset] = f-, out[offset + 1] = f+ (MHz), and dOut[dOffset + p] = d f-/dp,
     * dOut[dOffset + 9 + p] = d f+/dp. Returns false when two levels are degenerate (gap below
     * {@link #DEGENERATE_RELATIVE_GAP} of the level spread): the transitions are still written, the derivatives are
     * NaN, and the caller must differentiate numerically. Mutates out, dOut and internal scratch only; allocates
     * nothing.
     */
    public boolean groupTransitionsAndDerivatives(int group, double bxGauss, double byGauss, double bzGauss,
                                                  double[] sigmaLab9, double d0Mhz, double[] out, int offset,
                                                  double[] dOut, int dOffset) {
        solveGroup(group, bxGauss, byGauss, bzGauss, sigmaLab9, d0Mhz);
        out[offset] = levels[1] - levels[0];
        out[offset + 1] = levels[2] - levels[0];
        double spread = levels[2] - levels[0];
        double minGap = Math.min(levels[1] - levels[0], levels[2] - levels[1]);
        boolean ok = spread > 0 && minGap > DEGENERATE_RELATIVE_GAP * spread;
        for (int k = 0; k < 3 && ok; k++) {
            ok = levelFeatures(k);
        }
        if (!ok) {
            java.util.Arrays.fill(dOut, dOffset, dOffset + 2 * DERIVATIVE_PARAMETERS, Double.NaN);
            vectorGroup = -1;
            return false;
        }
        vectorGroup = group;
        System.arraycopy(levels, 0, vectorLevels, 0, 3);
        int groupBase = group * DERIVATIVE_PARAMETERS * COEFFS;
        for (int t = 0; t < 2; t++) {
            int upper = (t + 1) * COEFFS;
            double w0 = features[upper] - features[0];
            double w1 = features[upper + 1] - features[1];
            double w2 = features[upper + 2] - features[2];
            double w3 = features[upper + 3] - features[3];
            double w4 = features[upper + 4] - features[4];
            double w5 = features[upper + 5] - features[5];
            for (int p = 0; p < DERIVATIVE_PARAMETERS; p++) {
                int c = groupBase + p * COEFFS;
                dOut[dOffset + t * DERIVATIVE_PARAMETERS + p] = coefficients[c] * w0 + coefficients[c + 1] * w1
                    + coefficients[c + 2] * w2 + coefficients[c + 3] * w3 + coefficients[c + 4] * w4
                    + coefficients[c + 5] * w5;
            }
        }
        return true;
    }

    /**
     * Quadratic-form weights of level k's eigenvector v (of the matrix of the last {@link #solveGroup}) into
     * features[6k..6k+5], such that &lt;v|A|v&gt; = sum_c coeff_c features_c for any A of H's shape
     * [[dD + dGz, a, c], [a*, 0, a], [c*, a*, dD - dGz]]:
     * |v0|^2 + |v2|^2, |v0|^2 - |v2|^2, 2 Re X, -2 Im X, 2 Re Y, -2 Im Y with X = v0* v1 + v1* v2, Y = v0* v2
     * (from 2 Re(a X) and 2 Re(c Y)). Returns false when no cross product is usable (H - E_k I of rank below 2).
     */
    private boolean levelFeatures(int k) {
        double lambda = levels[k];
        // Rows of M = H - lambda I (Hermitian): r0 = (m00, a, c), r1 = (a*, m11, a), r2 = (c*, a*, m22).
        double m00 = hD + hGz - lambda;
        double m11 = -lambda;
        double m22 = hD - hGz - lambda;
        double aRe = hOffRe;
        double aIm = hOffIm;
        double cRe = h13Re;
        double cIm = h13Im;
        // r0 x r1, r0 x r2, r1 x r2 (bilinear cross product: orthogonal to both rows without conjugation, i.e. in
        // the null space of M); the largest is the best conditioned.
        double best = crossProduct(m00, 0, aRe, aIm, cRe, cIm, aRe, -aIm, m11, 0, aRe, aIm);
        System.arraycopy(cross, 0, bestCross, 0, 6);
        double n2 = crossProduct(m00, 0, aRe, aIm, cRe, cIm, cRe, -cIm, aRe, -aIm, m22, 0);
        if (n2 > best) {
            best = n2;
            System.arraycopy(cross, 0, bestCross, 0, 6);
        }
        n2 = crossProduct(aRe, -aIm, m11, 0, aRe, aIm, cRe, -cIm, aRe, -aIm, m22, 0);
        if (n2 > best) {
            best = n2;
            System.arraycopy(cross, 0, bestCross, 0, 6);
        }
        if (!(best > 0) || !Double.isFinite(best)) {
            return false;
        }
        double inv = 1 / Math.sqrt(best);
        double v0Re = bestCross[0] * inv;
        double v0Im = bestCross[1] * inv;
        double v1Re = bestCross[2] * inv;
        double v1Im = bestCross[3] * inv;
        double v2Re = bestCross[4] * inv;
        double v2Im = bestCross[5] * inv;
        double p0 = v0Re * v0Re + v0Im * v0Im;
        double p2 = v2Re * v2Re + v2Im * v2Im;
        // X = conj(v0) v1 + conj(v1) v2, Y = conj(v0) v2
        double xRe = v0Re * v1Re + v0Im * v1Im + v1Re * v2Re + v1Im * v2Im;
        double xIm = v0Re * v1Im - v0Im * v1Re + v1Re * v2Im - v1Im * v2Re;
        double yRe = v0Re * v2Re + v0Im * v2Im;
        double yIm = v0Re * v2Im - v0Im * v2Re;
        System.arraycopy(bestCross, 0, vectors, 6 * k, 6);
        for (int i = 0; i < 6; i++) {
            vectors[6 * k + i] *= inv;
        }
        int f = k * COEFFS;
        features[f] = p0 + p2;
        features[f + 1] = p0 - p2;
        features[f + 2] = 2 * xRe;
        features[f + 3] = -2 * xIm;
        features[f + 4] = 2 * yRe;
        features[f + 5] = -2 * yIm;
        return true;
    }

    /**
     * Second derivatives of the two transitions of the last successful {@link #groupTransitionsAndDerivatives} call
     * (same group and point) along the parameter direction w = direction9[dirOffset .. dirOffset + 8] (the
     * {@link #DERIVATIVE_PARAMETERS} order), by second-order perturbation theory: with A = sum_p w_p dH/dp (H is
     * linear, so d^2H = 0), d^2 E_k = 2 sum_(m != k) |&lt;psi_m|A|psi_k&gt;|^2 / (E_k - E_m). Writes
     * out[outOffset] = d^2 f-, out[outOffset + 1] = d^2 f+ (MHz per unit^2). Throws IllegalStateException when the
     * last derivative call reported degenerate levels. Mutates out and internal scratch only; allocates nothing.
     */
    public void secondDerivativesAlong(double[] direction9, int dirOffset, double[] out, int outOffset) {
        if (vectorGroup < 0) {
            throw new IllegalStateException("no non-degenerate groupTransitionsAndDerivatives call to continue from");
        }
        double dD = 0;
        double dGz = 0;
        double aRe = 0;
        double aIm = 0;
        double cRe = 0;
        double cIm = 0;
        int groupBase = vectorGroup * DERIVATIVE_PARAMETERS * COEFFS;
        for (int p = 0; p < DERIVATIVE_PARAMETERS; p++) {
            double w = direction9[dirOffset + p];
            if (w == 0) {
                continue;
            }
            int c = groupBase + p * COEFFS;
            dD += w * coefficients[c];
            dGz += w * coefficients[c + 1];
            aRe += w * coefficients[c + 2];
            aIm += w * coefficients[c + 3];
            cRe += w * coefficients[c + 4];
            cIm += w * coefficients[c + 5];
        }
        double a01 = transitionElementSquared(0, 1, dD, dGz, aRe, aIm, cRe, cIm);
        double a02 = transitionElementSquared(0, 2, dD, dGz, aRe, aIm, cRe, cIm);
        double a12 = transitionElementSquared(1, 2, dD, dGz, aRe, aIm, cRe, cIm);
        double e01 = vectorLevels[0] - vectorLevels[1];
        double e02 = vectorLevels[0] - vectorLevels[2];
        double e12 = vectorLevels[1] - vectorLevels[2];
        double d2e0 = 2 * (a01 / e01 + a02 / e02);
        double d2e1 = 2 * (-a01 / e01 + a12 / e12);
        double d2e2 = 2 * (-a02 / e02 - a12 / e12);
        out[outOffset] = d2e1 - d2e0;
        out[outOffset + 1] = d2e2 - d2e0;
    }

    /** |&lt;psi_m|A|psi_k&gt;|^2 for A = [[dD + dGz, a, c], [a*, 0, a], [c*, a*, dD - dGz]] and stored eigenvectors. */
    private double transitionElementSquared(int m, int k, double dD, double dGz, double aRe, double aIm, double cRe,
                                            double cIm) {
        int vk = 6 * k;
        double k0Re = vectors[vk];
        double k0Im = vectors[vk + 1];
        double k1Re = vectors[vk + 2];
        double k1Im = vectors[vk + 3];
        double k2Re = vectors[vk + 4];
        double k2Im = vectors[vk + 5];
        // A psi_k
        double w0Re = (dD + dGz) * k0Re + aRe * k1Re - aIm * k1Im + cRe * k2Re - cIm * k2Im;
        double w0Im = (dD + dGz) * k0Im + aRe * k1Im + aIm * k1Re + cRe * k2Im + cIm * k2Re;
        double w1Re = aRe * k0Re + aIm * k0Im + aRe * k2Re - aIm * k2Im;
        double w1Im = aRe * k0Im - aIm * k0Re + aRe * k2Im + aIm * k2Re;
        double w2Re = cRe * k0Re + cIm * k0Im + aRe * k1Re + aIm * k1Im + (dD - dGz) * k2Re;
        double w2Im = cRe * k0Im - cIm * k0Re + aRe * k1Im - aIm * k1Re + (dD - dGz) * k2Im;
        int vm = 6 * m;
        // conj(psi_m) . (A psi_k)
        double re = vectors[vm] * w0Re + vectors[vm + 1] * w0Im + vectors[vm + 2] * w1Re + vectors[vm + 3] * w1Im
            + vectors[vm + 4] * w2Re + vectors[vm + 5] * w2Im;
        double im = vectors[vm] * w0Im - vectors[vm + 1] * w0Re + vectors[vm + 2] * w1Im - vectors[vm + 3] * w1Re
            + vectors[vm + 4] * w2Im - vectors[vm + 5] * w2Re;
        return re * re + im * im;
    }

    /** cross = x (bilinear cross) y for complex 3-vectors given as (re, im) pairs; returns its squared norm. */
    private double crossProduct(double x0Re, double x0Im, double x1Re, double x1Im, double x2Re, double x2Im,
                                double y0Re, double y0Im, double y1Re, double y1Im, double y2Re, double y2Im) {
        // c0 = x1 y2 - x2 y1, c1 = x2 y0 - x0 y2, c2 = x0 y1 - x1 y0
        cross[0] = x1Re * y2Re - x1Im * y2Im - (x2Re * y1Re - x2Im * y1Im);
        cross[1] = x1Re * y2Im + x1Im * y2Re - (x2Re * y1Im + x2Im * y1Re);
        cross[2] = x2Re * y0Re - x2Im * y0Im - (x0Re * y2Re - x0Im * y2Im);
        cross[3] = x2Re * y0Im + x2Im * y0Re - (x0Re * y2Im + x0Im * y2Re);
        cross[4] = x0Re * y1Re - x0Im * y1Im - (x1Re * y0Re - x1Im * y0Im);
        cross[5] = x0Re * y1Im + x0Im * y1Re - (x1Re * y0Im + x1Im * y0Re);
        double n2 = 0;
        for (int i = 0; i < 6; i++) {
            n2 += cross[i] * cross[i];
        }
        return n2;
    }

    /** Builds one group's H (fields hD ... h13Im) and its ascending eigenvalues into levels. */
    private void solveGroup(int group, double bxGauss, double byGauss, double bzGauss, double[] sigmaLab9,
                            double d0Mhz) {
        stressCouplings(group, sigmaLab9, couplings);
        frames.toNvFrame(group, bxGauss, byGauss, bzGauss, bNv);
        double gamma = constants.gammaMhzPerGauss();
        hD = d0Mhz + couplings[0];
        hGz = gamma * bNv[2];
        hOffRe = gamma * bNv[0] / Math.sqrt(2);
        hOffIm = -gamma * bNv[1] / Math.sqrt(2);
        h13Re = -couplings[1];
        h13Im = -couplings[2];
        if (solver == Solver.EJML) {
            eigen.eigenvaluesEjml(hD + hGz, 0, hD - hGz, hOffRe, hOffIm, h13Re, h13Im, hOffRe, hOffIm, levels);
        } else {
            HermitianEigen3.eigenvaluesClosedForm(hD + hGz, 0, hD - hGz, hOffRe, hOffIm, h13Re, h13Im, hOffRe, hOffIm,
                levels);
        }
    }

    /**
     * First-order (field along the NV axis) transitions of one group: f(+/-) = D0 + Mz +/- sqrt((gamma
     * B_par)^2 + Mx^2 + My^2) (physics.md Section 3). For cross-checks and seeds; out2 mutated.
     */
    public void firstOrderGroupTransitions(int group, double bxGauss, double byGauss, double bzGauss,
                                           StressTensor stressLab, double d0Mhz, double[] out2) {
        stressCouplings(group, stressLab, couplings);
        frames.toNvFrame(group, bxGauss, byGauss, bzGauss, bNv);
        double gb = constants.gammaMhzPerGauss() * bNv[2];
        double split = Math.sqrt(gb * gb + couplings[1] * couplings[1] + couplings[2] * couplings[2]);
        out2[0] = d0Mhz + couplings[0] - split;
        out2[1] = d0Mhz + couplings[0] + split;
    }
}
