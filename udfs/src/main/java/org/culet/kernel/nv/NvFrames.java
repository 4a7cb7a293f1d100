package org.culet.kernel.nv;

/**
 * The four NV frames of one culet orientation: for group i the rotation R_i whose rows are x_i, y_i, n_i
 * (lab -> NV frame: v_nv = R v_lab, sigma_nv = R sigma R^T).
 *
 * <p>Convention (physics.md Section 4, the one used by the analysis code behind Mandyam et al. 2026):
 * x_i is the normalised projection of the next axis n_((i mod 4)+1) onto the plane perpendicular to n_i,
 * which puts x_i in a {110} mirror plane containing n_i; y_i = n_i x x_i. The sign of x_i matters because
 * the (s_xx - s_yy) and s_xz terms of the stress Hamiltonian act together; {@code flipX} reverses it for
 * every group in one place, should a calibration show the other sign.
 *
 * <p>Immutable after construction.
 */
public final class NvFrames {
    public static final int GROUPS = 4;

    private final CuletOrientation orientation;
    /** rotations[group][3*row + col], rows = x, y, n. */
    private final double[][] rotations = new double[GROUPS][9];

    public NvFrames(CuletOrientation orientation, boolean flipX) {
        this.orientation = orientation;
        for (int i = 0; i < GROUPS; i++) {
            double[] n = orientation.axis(i);
            double[] next = orientation.axis((i + 1) % GROUPS);
            double dot = next[0] * n[0] + next[1] * n[1] + next[2] * n[2];
            double[] x = {next[0] - dot * n[0], next[1] - dot * n[1], next[2] - dot * n[2]};
            double norm = Math.sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
            double sign = flipX ? -1 : 1;
            for (int k = 0; k < 3; k++) {
                x[k] = sign * x[k] / norm;
            }
            double[] y = {n[1] * x[2] - n[2] * x[1], n[2] * x[0] - n[0] * x[2], n[0] * x[1] - n[1] * x[0]};
            double[] r = rotations[i];
            System.arraycopy(x, 0, r, 0, 3);
            System.arraycopy(y, 0, r, 3, 3);
            System.arraycopy(n, 0, r, 6, 3);
        }
    }

    public NvFrames(CuletOrientation orientation) {
        this(orientation, false);
    }

    public CuletOrientation orientation() {
        return orientation;
    }

    /** Rotation of group {@code group} (0-based), row-major, rows x, y, n; a fresh copy. */
    public double[] rotation(int group) {
        return rotations[group].clone();
    }

    /** out3 = R_group * vLab (mutates out3 only). */
    public void toNvFrame(int group, double vx, double vy, double vz, double[] out3) {
        double[] r = rotations[group];
        out3[0] = r[0] * vx + r[1] * vy + r[2] * vz;
        out3[1] = r[3] * vx + r[4] * vy + r[5] * vz;
        out3[2] = r[6] * vx + r[7] * vy + r[8] * vz;
    }

    /**
     * Rotates a lab stress tensor (row-major 3x3 in {@code sigmaLab9}) into the frame of {@code group}:
     * out9 = R sigma R^T. Mutates out9 only.
     */
    public void stressToNvFrame(int group, double[] sigmaLab9, double[] out9) {
        double[] r = rotations[group];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    double rak = r[3 * a + k];
                    if (rak == 0) {
                        continue;
                    }
                    for (int l = 0; l < 3; l++) {
                        s += rak * sigmaLab9[3 * k + l] * r[3 * b + l];
                    }
                }
                out9[3 * a + b] = s;
            }
        }
    }
}
