package org.culet.kernel.sim;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Stray field at the NV layer of a thin magnetized slab, the screening model of physics.md Section 5b.
 *
 * <p>The sample is a slab of thickness t whose magnetization M_z(x, y) (Gaussian units, emu/cm^3, so 4 pi M
 * is in G) sits a distance d above the NV layer. Outside the sources the field derives from a scalar
 * potential; in Fourier space (k = |k|)
 * <pre>
 *   dB_z(k)   = 2 pi M_z(k) exp(-k d) (1 - exp(-k t))          (physics.md 5b; SI: mu0/2 instead of 2 pi)
 *   dB_x,y(k) = (i k_x,y / k) dB_z(k)                            (B = -grad phi, phi ~ exp(+k z) below the slab)
 * </pre>
 * The k = 0 term vanishes (a uniform infinite slab has no outside field), so flux expelled over a screening
 * region reappears, enhanced, just outside it. Computed with JTransforms' 2-D complex FFT on a zero-padded
 * grid (padding >= 2x makes the periodic convolution linear). Forward transform convention e^{-i k x},
 * inverse e^{+i k x} (JTransforms), so multiplying by i k_x is d/dx.
 *
 * <p>Not thread-safe: owns its FFT plan and workspace (allocated once; one instance per thread).
 */
public final class ScreeningField {
    private final int ny;
    private final int nx;
    private final int py;
    private final int px;
    private final DoubleFFT_2D fft;
    private final double[] transfer;   // 2 pi exp(-k d)(1 - exp(-k t)), per padded frequency
    private final double[] rieszX;     // k_x / k
    private final double[] rieszY;     // k_y / k
    private final double[] workZ;
    private final double[] workX;
    private final double[] workY;

    /**
     * @param ny,nx      grid shape (rows, columns) of the magnetization and field maps
     * @param pixelUm    grid spacing, um
     * @param nvDepthUm  distance d from the slab's lower face to the NV layer, um
     * @param thicknessUm slab thickness t, um
     * @param padding    padding factor (>= 1; 2 recommended)
     */
    public ScreeningField(int ny, int nx, double pixelUm, double nvDepthUm, double thicknessUm, int padding) {
        this.ny = ny;
        this.nx = nx;
        this.py = nextPowerOfTwo(Math.max(1, padding) * ny);
        this.px = nextPowerOfTwo(Math.max(1, padding) * nx);
        this.fft = new DoubleFFT_2D(py, px);
        this.transfer = new double[py * px];
        this.rieszX = new double[py * px];
        this.rieszY = new double[py * px];
        for (int i = 0; i < py; i++) {
            double ky = 2 * Math.PI * signedIndex(i, py) / (py * pixelUm);
            for (int j = 0; j < px; j++) {
                double kx = 2 * Math.PI * signedIndex(j, px) / (px * pixelUm);
                double k = Math.hypot(kx, ky);
                int idx = i * px + j;
                if (k == 0) {
                    continue;
                }
                transfer[idx] = 2 * Math.PI * Math.exp(-k * nvDepthUm) * (-Math.expm1(-k * thicknessUm));
                // The Nyquist row/column has no well-defined sign; drop its odd (derivative) part so outputs stay real.
                rieszX[idx] = 2 * j == px ? 0 : kx / k;
                rieszY[idx] = 2 * i == py ? 0 : ky / k;
            }
        }
        workZ = new double[2 * py * px];
        workX = new double[2 * py * px];
        workY = new double[2 * py * px];
    }

    public ScreeningField(int ny, int nx, double pixelUm, SimulationSpec.Screening s) {
        this(ny, nx, pixelUm, s.nvDepthUm(), s.sampleThicknessUm(), s.paddingFactor());
    }

    /**
     * Field change at the NV layer (G) from the magnetization map {@code mzEmuPerCm3} (row-major ny x nx,
     * emu/cm^3; e.g. -chi H / 4 pi for Meissner screening of an applied field H in G). Writes row-major ny x nx
     * maps into outBx, outBy, outBz (mutated); the input is not modified.
     */
    public void fieldChange(double[] mzEmuPerCm3, double[] outBx, double[] outBy, double[] outBz) {
        java.util.Arrays.fill(workZ, 0);
        for (int i = 0; i < ny; i++) {
            for (int j = 0; j < nx; j++) {
                workZ[2 * (i * px + j)] = mzEmuPerCm3[i * nx + j];
            }
        }
        fft.complexForward(workZ);
        for (int idx = 0; idx < py * px; idx++) {
            double re = workZ[2 * idx] * transfer[idx];
            double im = workZ[2 * idx + 1] * transfer[idx];
            workZ[2 * idx] = re;
            workZ[2 * idx + 1] = im;
            // (i s)(re + i im) = -s im + i s re
            workX[2 * idx] = -rieszX[idx] * im;
            workX[2 * idx + 1] = rieszX[idx] * re;
            workY[2 * idx] = -rieszY[idx] * im;
            workY[2 * idx + 1] = rieszY[idx] * re;
        }
        fft.complexInverse(workZ, true);
        fft.complexInverse(workX, true);
        fft.complexInverse(workY, true);
        for (int i = 0; i < ny; i++) {
            for (int j = 0; j < nx; j++) {
                int src = 2 * (i * px + j);
                outBz[i * nx + j] = workZ[src];
                outBx[i * nx + j] = workX[src];
                outBy[i * nx + j] = workY[src];
            }
        }
    }

    private static int signedIndex(int m, int n) {
        return m <= n / 2 ? m : m - n;
    }

    private static int nextPowerOfTwo(int n) {
        int p = 1;
        while (p < n) {
            p <<= 1;
        }
        return p;
    }
}
