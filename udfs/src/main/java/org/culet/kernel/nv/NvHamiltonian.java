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
 * allocation per call.
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

    public NvHamiltonian(NvConstants constants, CuletOrientation orientation, Solver solver) {
        this.constants = constants;
        this.frames = new NvFrames(orientation, constants.flipFrameX());
        this.solver = solver;
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
        stressCouplings(group, sigmaLab9, couplings);
        frames.toNvFrame(group, bxGauss, byGauss, bzGauss, bNv);
        double gamma = constants.gammaMhzPerGauss();
        double d = d0Mhz + couplings[0];
        double gz = gamma * bNv[2];
        double offRe = gamma * bNv[0] / Math.sqrt(2);
        double offIm = -gamma * bNv[1] / Math.sqrt(2);
        double h13Re = -couplings[1];
        double h13Im = -couplings[2];
        if (solver == Solver.EJML) {
            eigen.eigenvaluesEjml(d + gz, 0, d - gz, offRe, offIm, h13Re, h13Im, offRe, offIm, levels);
        } else {
            HermitianEigen3.eigenvaluesClosedForm(d + gz, 0, d - gz, offRe, offIm, h13Re, h13Im, offRe, offIm, levels);
        }
        out[offset] = levels[1] - levels[0];
        out[offset + 1] = levels[2] - levels[0];
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
