package org.culet.kernel.magnetization;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Magnetization (susceptibility) reconstruction from one map of the field change at the NV layer: the inverse of the
 * thin-slab stray-field model of physics.md Section 5b,
 * <pre>
 *   dB_z(k) = T(k) M_z(k),   T(k) = 2 pi exp(-k d) (1 - exp(-k t)),   k = |k|   (Gaussian units)
 * </pre>
 * the standard Fourier-space route from a magnetic image to its source magnetization in NV and scanning-SQUID
 * magnetometry (B. J. Roth, N. G. Sepulveda, J. P. Wikswo, J. Appl. Phys. 65, 361 (1989); E. A. Lima and B. P. Weiss,
 * J. Geophys. Res. 114, B06102 (2009); F. Casola, T. van der Sar, A. Yacoby, Nat. Rev. Mater. 3, 17088 (2018);
 * D. A. Broadway et al., Phys. Rev. Appl. 14, 024076 (2020)).
 *
 * <p>Rather than dividing by T(k) on a padded and windowed copy of the map (which rings at the edges of the field of
 * view and leaves the k = 0 term undetermined), the inversion is posed as a regularised least-squares problem over
 * M_z on a support grid (the field of view plus an optional margin; M_z = 0 beyond it, i.e. the sample's moment is
 * under the imaged area):
 * <pre>
 *   minimise  sum_i w_i (dB_i - (F M)_i)^2 + lambda sum_j M_j^2,   w_i = 1 / sigma_i^2 (normalised by their median)
 * </pre>
 * with F the forward model (zero-padded FFT convolution with T, evaluated at the imaged pixels only; lambda =
 * {@code regularization} x max_k T(k)^2). Missing pixels (weight 0) and the finite field of view are then exact:
 * the field of the expelled flux returning outside the sample, where it is measured, pins the k = 0 term that a
 * plain Fourier division cannot see (a uniform M_z under a finite field of view has a stray field at its edges;
 * lambda removes what the data cannot resolve at all). The normal equations (F^T W F + lambda) M = F^T W dB are
 * solved by conjugate gradients with a circulant (Fourier-diagonal) preconditioner 1 / (w_mean T^2 + lambda); for
 * uniform weights on an infinite grid the solution is the Wiener/Tikhonov filter T / (T^2 + lambda). A robust
 * re-solve drops pixels whose misfit exceeds {@code outlier-k-sigma} robust sigmas (misassigned lines, fit failures).
 *
 * <p>Uncertainty: the per-pixel 1-sigma of M is the stationary noise gain of the regularised inverse,
 * sqrt(mean_k (w T / (w T^2 + lambda))^2 / w) (per unit normalised field noise), times the median field error,
 * times the robust scatter of the normalised misfit when it exceeds 1. It ignores the pixel-to-pixel correlation of
 * the estimates (neighbours share data) and the bias of the regulariser.
 *
 * <p>Independent of {@code org.culet.kernel.sim.ScreeningField} (the simulator's forward model): tests use one as
 * the check of the other. Not thread-safe: owns its FFT plan and workspaces (one instance per task); no allocation
 * per call.
 */
public final class MagnetizationInverter {
    private final int ny;
    private final int nx;
    private final int margin;
    private final int sy;
    private final int sx;
    private final int py;
    private final int px;
    private final MagnetizationSettings settings;
    private final DoubleFFT_2D fft;
    private final double[] transfer;
    /** Eigenvalue of the periodic 4-neighbour Laplacian D^T D per frequency: 4 - 2 cos(kx h) - 2 cos(ky h). */
    private final double[] laplacian;
    private final double lambda;
    private final double lambdaGradient;
    private final double[] grid;
    private final double[] weights;
    private final double[] data;
    private final double[] fieldScratch;
    private final double[] x;
    private final double[] b;
    private final double[] r;
    private final double[] z;
    private final double[] p;
    private final double[] ap;
    private double meanWeight = 1;

    /**
     * @param ny,nx   field-of-view shape (rows, columns)
     * @param pixelUm pixel size at the sample, um
     */
    public MagnetizationInverter(int ny, int nx, double pixelUm, MagnetizationSettings settings) {
        if (ny < 2 || nx < 2 || !(pixelUm > 0)) {
            throw new IllegalArgumentException("need a map of at least 2 x 2 pixels and a positive pixel size");
        }
        this.ny = ny;
        this.nx = nx;
        this.settings = settings;
        this.margin = (int) Math.ceil(settings.supportMarginUm() / pixelUm - 1e-9);
        this.sy = ny + 2 * margin;
        this.sx = nx + 2 * margin;
        this.py = nextPowerOfTwo(settings.paddingFactor() * sy);
        this.px = nextPowerOfTwo(settings.paddingFactor() * sx);
        this.fft = new DoubleFFT_2D(py, px);
        this.transfer = new double[py * px];
        this.laplacian = new double[py * px];
        double max = 0;
        for (int i = 0; i < py; i++) {
            double ky = 2 * Math.PI * signed(i, py) / (py * pixelUm);
            for (int j = 0; j < px; j++) {
                double kx = 2 * Math.PI * signed(j, px) / (px * pixelUm);
                double t = transfer(Math.hypot(kx, ky), settings.nvDepthUm(), settings.sampleThicknessUm());
                transfer[i * px + j] = t;
                laplacian[i * px + j] = 4 - 2 * Math.cos(2 * Math.PI * i / py) - 2 * Math.cos(2 * Math.PI * j / px);
                max = Math.max(max, t);
            }
        }
        this.lambda = settings.regularization() * max * max;
        this.lambdaGradient = settings.smoothing() * max * max;
        this.grid = new double[2 * py * px];
        this.weights = new double[ny * nx];
        this.data = new double[ny * nx];
        this.fieldScratch = new double[ny * nx];
        int s = sy * sx;
        x = new double[s];
        b = new double[s];
        r = new double[s];
        z = new double[s];
        p = new double[s];
        ap = new double[s];
    }

    /**
     * The slab transfer function (G per emu/cm^3): 2 pi exp(-k d) (1 - exp(-k t)), k in rad/um, d and t in um;
     * 0 at k = 0 (a uniform infinite slab has no outside field).
     */
    public static double transfer(double kPerUm, double dUm, double tUm) {
        return 2 * Math.PI * Math.exp(-kPerUm * dUm) * -Math.expm1(-kPerUm * tUm);
    }

    public int rows() {
        return ny;
    }

    public int columns() {
        return nx;
    }

    /**
     * Reconstructs M_z from the field change {@code dBzGauss} (row-major ny x nx, G; NaN = no data) with 1-sigma
     * errors {@code sigmaGauss} (G; non-positive or NaN = no data). Inputs are not modified; out is overwritten.
     */
    public void invert(double[] dBzGauss, double[] sigmaGauss, MagnetizationResult out) {
        out.reset();
        int n = ny * nx;
        int valid = 0;
        for (int i = 0; i < n; i++) {
            double s = sigmaGauss[i];
            boolean ok = Double.isFinite(dBzGauss[i]) && s > 0 && Double.isFinite(s);
            weights[i] = ok ? 1 / (s * s) : Double.NaN;
            fieldScratch[i] = weights[i];
            data[i] = ok ? dBzGauss[i] : 0;
            valid += ok ? 1 : 0;
        }
        out.validPixels = valid;
        if (valid < Math.max(4, settings.minValidFraction() * n)) {
            return;
        }
        // Normalise the weights by their median so that lambda keeps its meaning; cap a few over-confident pixels.
        double medianWeight = median(fieldScratch, n);
        for (int i = 0; i < n; i++) {
            weights[i] = Double.isNaN(weights[i]) ? 0 : Math.min(10, weights[i] / medianWeight);
        }
        double sigmaRef = 1 / Math.sqrt(medianWeight);
        int rejected = rejectSpikes(dBzGauss, sigmaGauss);
        java.util.Arrays.fill(x, 0);
        double scale = 1;
        for (int pass = 0; pass < settings.robustPasses(); pass++) {
            solve(out);
            forward(x, out.modelFieldGauss);
            // Robust scale of the normalised misfit over the pixels in the solve.
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (weights[i] > 0) {
                    fieldScratch[m++] = Math.abs(data[i] - out.modelFieldGauss[i]) * Math.sqrt(weights[i]);
                }
            }
            scale = 1.4826 * median(fieldScratch, m);
            if (pass + 1 == settings.robustPasses()) {
                break;
            }
            double limit = settings.outlierKSigma() * Math.max(1, scale);
            int dropped = 0;
            for (int i = 0; i < n; i++) {
                if (weights[i] > 0 && Math.abs(data[i] - out.modelFieldGauss[i]) * Math.sqrt(weights[i]) > limit) {
                    weights[i] = 0;
                    dropped++;
                }
            }
            rejected += dropped;
            if (dropped == 0) {
                break;
            }
        }
        out.rejectedPixels = rejected;
        out.residualScale = scale;
        double gain = noiseGain();
        out.noiseGainEmuPerCm3PerGauss = gain;
        double err = gain * sigmaRef * Math.max(1, scale);
        for (int i = 0; i < ny; i++) {
            for (int j = 0; j < nx; j++) {
                int k = i * nx + j;
                out.mzEmuPerCm3[k] = x[(i + margin) * sx + j + margin];
                out.mzErrEmuPerCm3[k] = err;
                out.used[k] = weights[k] > 0;
                out.residualGauss[k] = Double.isFinite(dBzGauss[k]) ? dBzGauss[k] - out.modelFieldGauss[k] : Double.NaN;
            }
        }
    }

    /**
     * Isolated spikes (a misassigned or failed pixel among good neighbours): a pixel whose field lies outside the range
     * of its valid 8-neighbours (at least 4) by more than outlier-k-sigma times the combined 1-sigma of it and the
     * nearest neighbour is dropped (weight 0). A spike cannot be told from a real feature by the misfit of the
     * inversion alone (with d below a pixel every pixel's M is free to follow its own field), but a real field has no
     * isolated extremum sharper than the blur exp(-k d): edges and ridges stay inside their neighbours' range.
     * Returns the number dropped.
     */
    private int rejectSpikes(double[] dB, double[] sigma) {
        double k = settings.outlierKSigma();
        if (!(k > 0)) {
            return 0;
        }
        int dropped = 0;
        // Rounds: a spike next to another spike is found once its neighbour is out.
        for (int round = 0; round < 3; round++) {
            int before = dropped;
            dropped += spikeRound(dB, sigma, k);
            if (dropped == before) {
                break;
            }
        }
        return dropped;
    }

    private int spikeRound(double[] dB, double[] sigma, double k) {
        int dropped = 0;
        for (int i = 0; i < ny; i++) {
            for (int j = 0; j < nx; j++) {
                int c = i * nx + j;
                if (!(weights[c] > 0)) {
                    continue;
                }
                int count = 0;
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                double sLo = 0;
                double sHi = 0;
                for (int di = -1; di <= 1; di++) {
                    for (int dj = -1; dj <= 1; dj++) {
                        int ii = i + di;
                        int jj = j + dj;
                        if ((di == 0 && dj == 0) || ii < 0 || jj < 0 || ii >= ny || jj >= nx) {
                            continue;
                        }
                        int q = ii * nx + jj;
                        double v = dB[q];
                        if (!(weights[q] > 0)) {
                            continue;
                        }
                        count++;
                        if (v < lo) {
                            lo = v;
                            sLo = sigma[q];
                        }
                        if (v > hi) {
                            hi = v;
                            sHi = sigma[q];
                        }
                    }
                }
                if (count < 3) {
                    continue;
                }
                double v = dB[c];
                double s = sigma[c];
                boolean spike = (v > hi && v - hi > k * Math.hypot(s, sHi)) || (v < lo && lo - v > k * Math.hypot(s, sLo));
                if (spike) {
                    weights[c] = 0;
                    dropped++;
                }
            }
        }
        return dropped;
    }

    /** Field change (G) at the imaged pixels of a magnetization on the field of view (no margin sources). */
    public void forwardFieldOfView(double[] mzEmuPerCm3, double[] outBzGauss) {
        java.util.Arrays.fill(x, 0);
        for (int i = 0; i < ny; i++) {
            System.arraycopy(mzEmuPerCm3, i * nx, x, (i + margin) * sx + margin, nx);
        }
        forward(x, outBzGauss);
    }

    /** Preconditioned conjugate gradients on (F^T W F + lambda) x = F^T W d, warm-started from x. */
    private void solve(MagnetizationResult out) {
        int n = ny * nx;
        double wsum = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            wsum += weights[i];
            count++;
        }
        meanWeight = wsum / count;
        for (int i = 0; i < n; i++) {
            fieldScratch[i] = weights[i] * data[i];
        }
        adjoint(fieldScratch, b);
        double bNorm = Math.sqrt(dot(b, b));
        if (bNorm == 0) {
            java.util.Arrays.fill(x, 0);
            out.status = MagnetizationResult.Status.OK;
            return;
        }
        apply(x, ap);
        for (int i = 0; i < r.length; i++) {
            r[i] = b[i] - ap[i];
        }
        precondition(r, z);
        System.arraycopy(z, 0, p, 0, p.length);
        double rz = dot(r, z);
        out.status = MagnetizationResult.Status.NOT_CONVERGED;
        int it = 0;
        while (it < settings.maxIterations()) {
            if (Math.sqrt(dot(r, r)) <= settings.tolerance() * bNorm) {
                out.status = MagnetizationResult.Status.OK;
                break;
            }
            apply(p, ap);
            double pap = dot(p, ap);
            if (!(pap > 0)) {
                out.status = MagnetizationResult.Status.OK;
                break;
            }
            double alpha = rz / pap;
            for (int i = 0; i < x.length; i++) {
                x[i] += alpha * p[i];
                r[i] -= alpha * ap[i];
            }
            precondition(r, z);
            double rzNew = dot(r, z);
            double beta = rzNew / rz;
            rz = rzNew;
            for (int i = 0; i < p.length; i++) {
                p[i] = z[i] + beta * p[i];
            }
            it++;
        }
        if (it < settings.maxIterations() && out.status == MagnetizationResult.Status.NOT_CONVERGED) {
            out.status = MagnetizationResult.Status.OK;
        }
        out.iterations = it;
    }

    /** out = F^T W F v + lambda v (support -> support). */
    private void apply(double[] v, double[] out) {
        forward(v, fieldScratch);
        for (int i = 0; i < fieldScratch.length; i++) {
            fieldScratch[i] *= weights[i];
        }
        adjoint(fieldScratch, out);
        for (int i = 0; i < out.length; i++) {
            out[i] += lambda * v[i];
        }
        if (lambdaGradient > 0) {
            addGradientPenalty(v, out);
        }
    }

    /**
     * out += lambda_g D^T D v: D the forward differences between 4-neighbours inside the support (free boundary: no
     * difference across the edge of the support, so M at the border of the field of view is not pulled to 0).
     */
    private void addGradientPenalty(double[] v, double[] out) {
        double g = lambdaGradient;
        for (int i = 0; i < sy; i++) {
            for (int j = 0; j < sx; j++) {
                int k = i * sx + j;
                if (j + 1 < sx) {
                    double dd = g * (v[k] - v[k + 1]);
                    out[k] += dd;
                    out[k + 1] -= dd;
                }
                if (i + 1 < sy) {
                    double dd = g * (v[k] - v[k + sx]);
                    out[k] += dd;
                    out[k + sx] -= dd;
                }
            }
        }
    }

    /** Field of the support magnetization v at the imaged pixels (support -> field of view). */
    private void forward(double[] v, double[] outField) {
        java.util.Arrays.fill(grid, 0);
        for (int i = 0; i < sy; i++) {
            for (int j = 0; j < sx; j++) {
                grid[2 * (i * px + j)] = v[i * sx + j];
            }
        }
        convolve();
        for (int i = 0; i < ny; i++) {
            for (int j = 0; j < nx; j++) {
                outField[i * nx + j] = grid[2 * ((i + margin) * px + j + margin)];
            }
        }
    }

    /** Adjoint of {@link #forward}: the kernel is real and even, so the same convolution (field of view -> support). */
    private void adjoint(double[] field, double[] out) {
        java.util.Arrays.fill(grid, 0);
        for (int i = 0; i < ny; i++) {
            for (int j = 0; j < nx; j++) {
                grid[2 * ((i + margin) * px + j + margin)] = field[i * nx + j];
            }
        }
        convolve();
        for (int i = 0; i < sy; i++) {
            for (int j = 0; j < sx; j++) {
                out[i * sx + j] = grid[2 * (i * px + j)];
            }
        }
    }

    private void convolve() {
        fft.complexForward(grid);
        for (int k = 0; k < transfer.length; k++) {
            grid[2 * k] *= transfer[k];
            grid[2 * k + 1] *= transfer[k];
        }
        fft.complexInverse(grid, true);
    }

    /** z = S^T C^-1 S r with C the circulant approximation w_mean T^2 + lambda of the normal matrix. */
    private void precondition(double[] rr, double[] out) {
        java.util.Arrays.fill(grid, 0);
        for (int i = 0; i < sy; i++) {
            for (int j = 0; j < sx; j++) {
                grid[2 * (i * px + j)] = rr[i * sx + j];
            }
        }
        fft.complexForward(grid);
        for (int k = 0; k < transfer.length; k++) {
            double inv = 1 / (meanWeight * transfer[k] * transfer[k] + lambda + lambdaGradient * laplacian[k]);
            grid[2 * k] *= inv;
            grid[2 * k + 1] *= inv;
        }
        fft.complexInverse(grid, true);
        for (int i = 0; i < sy; i++) {
            for (int j = 0; j < sx; j++) {
                out[i * sx + j] = grid[2 * (i * px + j)];
            }
        }
    }

    /** sqrt(mean_k (w T / (w T^2 + lambda))^2 / w): per-pixel 1-sigma of M for unit normalised field noise. */
    private double noiseGain() {
        double w = meanWeight;
        double s = 0;
        for (int k = 0; k < transfer.length; k++) {
            double t = transfer[k];
            double g = w * t / (w * t * t + lambda + lambdaGradient * laplacian[k]);
            s += g * g;
        }
        return Math.sqrt(s / transfer.length / w);
    }

    private static double dot(double[] a, double[] c) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * c[i];
        }
        return s;
    }

    /** Median of the finite values among the first n of a (a is reordered: scratch only). */
    private static double median(double[] a, int n) {
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(a[i])) {
                a[m++] = a[i];
            }
        }
        if (m == 0) {
            return Double.NaN;
        }
        java.util.Arrays.sort(a, 0, m);
        return m % 2 == 1 ? a[m / 2] : 0.5 * (a[m / 2 - 1] + a[m / 2]);
    }

    private static int signed(int m, int n) {
        return m <= n / 2 ? m : m - n;
    }

    private static int nextPowerOfTwo(int n) {
        int q = 1;
        while (q < n) {
            q <<= 1;
        }
        return q;
    }
}
