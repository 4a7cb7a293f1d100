package org.culet.kernel.physics;

import java.util.Arrays;

/**
 * Per-pixel result of the field and stress inversion. Mutable and reused (no allocation per pixel).
 *
 * <p>Reported quantities, in this order (index constants below), units G and GPa, stress compressive
 * positive, lab frame (Z = anvil axis): Bx, By, Bz, sigma_ZZ, sigma_perp = (XX+YY)/2, sigma_XZ, sigma_YZ,
 * sigma_dev = (XX-YY)/2, sigma_XY, tau_max = |sigma_ZZ - sigma_perp|/2, tau_interface =
 * sqrt(sigma_XZ^2 + sigma_YZ^2). {@link #value}, {@link #sigma} and {@link #state} are indexed by these;
 * {@link #covariance} is the 11x11 row-major covariance (propagated from the weighted Jacobian; NaN rows
 * for unidentified components, zeros for components fixed by the model).
 *
 * <p>Note on symmetry: with the field along Z, a 120-degree rotation or a {110} mirror about Z maps the
 * off-axis groups onto each other, so the direction of (sigma_XZ, sigma_YZ) is only known up to that
 * symmetry when the off-axis lines carry no other label; tau_interface is invariant.
 */
public final class InversionResult {
    public static final int BX = 0;
    public static final int BY = 1;
    public static final int BZ = 2;
    public static final int SIGMA_ZZ = 3;
    public static final int SIGMA_PERP = 4;
    public static final int SIGMA_XZ = 5;
    public static final int SIGMA_YZ = 6;
    public static final int SIGMA_DEV = 7;
    public static final int SIGMA_XY = 8;
    public static final int TAU_MAX = 9;
    public static final int TAU_INTERFACE = 10;
    public static final int QUANTITIES = 11;
    public static final String[] NAMES = {"b_x_g", "b_y_g", "b_z_g", "sigma_zz_gpa", "sigma_perp_gpa",
        "sigma_xz_gpa", "sigma_yz_gpa", "sigma_dev_gpa", "sigma_xy_gpa", "tau_max_gpa", "tau_interface_gpa"};

    /** How a reported component was obtained. */
    public enum ComponentState {
        /** Fitted (or derived from fitted components) and determined by the data. */
        FITTED,
        /** Free in the model but not determined by the data: value NaN. */
        UNIDENTIFIED,
        /** Not free in the configured model (e.g. sigma_dev in the axisymmetric model): value is the model's (0). */
        FIXED_BY_MODEL
    }

    public InversionStatus status = InversionStatus.BAD_INPUT;
    /** The assignment used (the best candidate). */
    public final LineAssignment assignment = new LineAssignment();
    /** The first-order route (seed and cross-check). */
    public final FirstOrderEstimate firstOrder = new FirstOrderEstimate();
    public final double[] value = new double[QUANTITIES];
    public final double[] sigma = new double[QUANTITIES];
    public final double[] covariance = new double[QUANTITIES * QUANTITIES];
    public final ComponentState[] state = new ComponentState[QUANTITIES];
    /** Field along the applied-field direction (along-bias model) or |B| (vector model), G, and its 1-sigma. */
    public double bAlongBiasGauss = Double.NaN;
    public double bAlongBiasSigmaGauss = Double.NaN;
    /** D0 used, MHz. */
    public double d0Mhz = Double.NaN;
    /** Weighted chi^2 of the line centres, degrees of freedom (lines - identified parameters), reduced chi^2. */
    public double chi2 = Double.NaN;
    public int dof;
    public double reducedChi2 = Double.NaN;
    /** Largest |fitted - model| centre residual, MHz. */
    public double maxResidualMhz = Double.NaN;
    /** Levenberg-Marquardt iterations of the kept candidate; number of assignment candidates fitted. */
    public int iterations;
    public int candidatesTried;
    /** Condition number (largest / smallest kept singular value) of the column-scaled weighted Jacobian. */
    public double conditionNumber = Double.NaN;
    /**
     * The 9 physical parameters at the solution before unidentified ones are masked with NaN (Bx, By, Bz,
     * sigma_ZZ, sigma_perp, sigma_XZ, sigma_YZ, sigma_dev, sigma_XY): a restart point, not a result.
     */
    public final double[] solutionParameters = new double[9];
    /**
     * Whether the field and stress come from the whole-spectrum fit ({@link SpectrumHamiltonianFitter}) rather than
     * from the line centres, and that fit's residual variance over the spectral fit's (NaN when not refined).
     */
    public boolean spectrumRefined;
    public double spectrumVarianceRatio = Double.NaN;
    /**
     * The whole-spectrum fit's FWHM per width class, MHz: [0] the on-axis lines (every line on a 100 culet), [1] the
     * off-axis lines of a 111 culet (NaN otherwise); NaN when not refined. The start of a later sweep's refinement.
     */
    public final double[] spectrumFwhmMhz = {Double.NaN, Double.NaN};
    /** Model line frequencies at the solution, MHz (order of NvHamiltonian). */
    public final double[] modelLinesMhz = new double[8];

    /** B_par: the field along the on-axis NV (lab Z) for a 111 culet, G. */
    public double bParGauss() {
        return value[BZ];
    }

    public double bParSigmaGauss() {
        return sigma[BZ];
    }

    public double sigmaZzGpa() {
        return value[SIGMA_ZZ];
    }

    public double sigmaPerpGpa() {
        return value[SIGMA_PERP];
    }

    public double tauMaxGpa() {
        return value[TAU_MAX];
    }

    public double tauInterfaceGpa() {
        return value[TAU_INTERFACE];
    }

    /** Covariance between reported quantities i and j. */
    public double covariance(int i, int j) {
        return covariance[i * QUANTITIES + j];
    }

    public void reset(InversionStatus s) {
        status = s;
        Arrays.fill(value, Double.NaN);
        Arrays.fill(sigma, Double.NaN);
        Arrays.fill(covariance, Double.NaN);
        Arrays.fill(state, ComponentState.UNIDENTIFIED);
        Arrays.fill(modelLinesMhz, Double.NaN);
        Arrays.fill(solutionParameters, Double.NaN);
        bAlongBiasGauss = bAlongBiasSigmaGauss = Double.NaN;
        chi2 = reducedChi2 = maxResidualMhz = conditionNumber = Double.NaN;
        dof = 0;
        iterations = 0;
        spectrumRefined = false;
        spectrumVarianceRatio = Double.NaN;
        Arrays.fill(spectrumFwhmMhz, Double.NaN);
    }

    /**
     * Masks the UNIDENTIFIED components (value and covariance rows and columns NaN) and sets every sigma from the
     * covariance diagonal. Mutates this.
     */
    public void maskUnidentifiedAndSetSigmas() {
        for (int q = 0; q < QUANTITIES; q++) {
            if (state[q] == ComponentState.UNIDENTIFIED) {
                value[q] = Double.NaN;
                for (int r = 0; r < QUANTITIES; r++) {
                    covariance[q * QUANTITIES + r] = Double.NaN;
                    covariance[r * QUANTITIES + q] = Double.NaN;
                }
            }
        }
        for (int q = 0; q < QUANTITIES; q++) {
            double v = covariance[q * QUANTITIES + q];
            sigma[q] = Double.isNaN(v) ? Double.NaN : Math.sqrt(Math.max(v, 0));
        }
    }

    /**
     * The lab stress tensor (row-major 3x3, GPa) of the 9 physical parameters phys9 (this class's first 9 quantities)
     * into sigma9: XX = perp + dev, YY = perp - dev, ZZ, XY, XZ, YZ symmetric. Mutates sigma9 only.
     */
    public static void labStressTensor(double[] phys9, double[] sigma9) {
        sigma9[0] = phys9[SIGMA_PERP] + phys9[SIGMA_DEV];
        sigma9[4] = phys9[SIGMA_PERP] - phys9[SIGMA_DEV];
        sigma9[8] = phys9[SIGMA_ZZ];
        sigma9[1] = sigma9[3] = phys9[SIGMA_XY];
        sigma9[2] = sigma9[6] = phys9[SIGMA_XZ];
        sigma9[5] = sigma9[7] = phys9[SIGMA_YZ];
    }

    /**
     * d reported quantity q / d fit parameter of the given kind: a physical index (0..8), or -1 for the field magnitude
     * along the unit direction u (B = b u). tauSign: sign of sigma_ZZ - sigma_perp; (sxz, syz, tauInt): the shear
     * tractions and tau_interface at the solution (at tau = 0 the gradient of tau_interface is undefined: the isotropic
     * average direction is used). Shared by the inverters' covariance propagation.
     */
    static double quantityDerivative(int q, int kind, double[] u, double tauSign, double sxz, double syz, double tauInt) {
        if (q <= BZ) {
            return kind < 0 ? u[q] : (kind == q ? 1 : 0);
        }
        if (q < 9) {
            return kind == q ? 1 : 0;
        }
        if (q == TAU_MAX) {
            return kind == SIGMA_ZZ ? 0.5 * tauSign : kind == SIGMA_PERP ? -0.5 * tauSign : 0;
        }
        double gx = tauInt > 1e-12 ? sxz / tauInt : Math.sqrt(0.5);
        double gy = tauInt > 1e-12 ? syz / tauInt : Math.sqrt(0.5);
        return kind == SIGMA_XZ ? gx : kind == SIGMA_YZ ? gy : 0;
    }

    /** Copies everything from {@code o} (mutates this only). */
    public void copyFrom(InversionResult o) {
        status = o.status;
        assignment.copyFrom(o.assignment);
        firstOrder.copyFrom(o.firstOrder);
        System.arraycopy(o.value, 0, value, 0, QUANTITIES);
        System.arraycopy(o.sigma, 0, sigma, 0, QUANTITIES);
        System.arraycopy(o.covariance, 0, covariance, 0, covariance.length);
        System.arraycopy(o.state, 0, state, 0, QUANTITIES);
        System.arraycopy(o.modelLinesMhz, 0, modelLinesMhz, 0, 8);
        System.arraycopy(o.solutionParameters, 0, solutionParameters, 0, 9);
        bAlongBiasGauss = o.bAlongBiasGauss;
        bAlongBiasSigmaGauss = o.bAlongBiasSigmaGauss;
        d0Mhz = o.d0Mhz;
        chi2 = o.chi2;
        dof = o.dof;
        reducedChi2 = o.reducedChi2;
        maxResidualMhz = o.maxResidualMhz;
        iterations = o.iterations;
        candidatesTried = o.candidatesTried;
        conditionNumber = o.conditionNumber;
        spectrumRefined = o.spectrumRefined;
        spectrumVarianceRatio = o.spectrumVarianceRatio;
        System.arraycopy(o.spectrumFwhmMhz, 0, spectrumFwhmMhz, 0, spectrumFwhmMhz.length);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(status.name()).append(' ').append(assignment);
        for (int i = 0; i < QUANTITIES; i++) {
            sb.append(String.format(" %s=%.4f+-%.4f", NAMES[i], value[i], sigma[i]));
        }
        return sb.append(String.format(" chi2=%.3f dof=%d it=%d", chi2, dof, iterations)).toString();
    }
}
