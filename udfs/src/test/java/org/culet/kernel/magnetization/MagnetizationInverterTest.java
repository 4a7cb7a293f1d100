package org.culet.kernel.magnetization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.culet.kernel.sim.ScreeningField;
import org.junit.jupiter.api.Test;

/**
 * The magnetization reconstruction against closed forms (a uniformly magnetized cylinder on its axis; a uniformly
 * magnetized rectangular prism everywhere, from the solid angle of its charged faces) and in a round trip through the
 * simulator's independent forward model ({@link ScreeningField}) with noise, missing pixels and outliers.
 */
class MagnetizationInverterTest {
    private static MagnetizationSettings settings(double d, double t) {
        return new MagnetizationSettings(d, t, 1e-4, 1e-3, 2, 0.0, 400, 1e-7, 5.0, 2, 0.3, 1.0);
    }

    /** Solid angle subtended by the rectangle [x1,x2] x [y1,y2] (relative to the foot point) at height h. */
    private static double solidAngle(double x1, double x2, double y1, double y2, double h) {
        return f(x2, y2, h) - f(x1, y2, h) - f(x2, y1, h) + f(x1, y1, h);
    }

    private static double f(double x, double y, double h) {
        return Math.atan2(x * y, h * Math.sqrt(x * x + y * y + h * h));
    }

    /**
     * Bz (G) at a point a distance d below a prism of magnetization M (emu/cm^3) and thickness t over the rectangle:
     * the lower face carries the charge -M (field up, towards it), the upper face +M (field down), each H = charge x
     * solid angle: Bz = M (Omega(d) - Omega(d + t)). For an infinite slab 2 pi M (1 - 1) = 0.
     */
    private static double prismBz(double m, double x1, double x2, double y1, double y2, double d, double t) {
        return m * (solidAngle(x1, x2, y1, y2, d) - solidAngle(x1, x2, y1, y2, d + t));
    }

    @Test
    void forwardModelMatchesTheCylinderOnItsAxis() {
        int n = 96;
        double pixel = 0.25;
        double d = 0.1;
        double t = 5.0;
        double radius = 6.0;
        double m0 = -60.0 / (4 * Math.PI);
        double[] m = new double[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double dx = (x - n / 2) * pixel;
                double dy = (y - n / 2) * pixel;
                m[y * n + x] = dx * dx + dy * dy <= radius * radius ? m0 : 0;
            }
        }
        MagnetizationInverter inv = new MagnetizationInverter(n, n, pixel, settings(d, t));
        double[] bz = new double[n * n];
        inv.forwardFieldOfView(m, bz);
        // Closed form on the axis of a uniformly magnetized cylinder (hand-checked: 2 pi M [(d+t)/sqrt((d+t)^2+R^2)
        // - d/sqrt(d^2+R^2)] = -30 G x (5.1/7.8747 - 0.1/6.0008) = -30 G x (0.64764 - 0.01666) = -18.93 G for
        // M = -60/(4 pi) emu/cm^3, R = 6, d = 0.1, t = 5).
        double expected = 2 * Math.PI * m0 * ((d + t) / Math.hypot(d + t, radius) - d / Math.hypot(d, radius));
        assertThat(expected).isCloseTo(-18.93, within(0.01));
        assertThat(bz[(n / 2) * n + n / 2]).isCloseTo(expected, within(0.02 * Math.abs(expected)));
    }

    @Test
    void forwardModelMatchesTheRectangularPrismAwayFromItsEdges() {
        int n = 80;
        double pixel = 0.25;
        double d = 0.2;
        double t = 2.0;
        int x0 = 25;
        int x1 = 55; // columns [x0, x1)
        int y0 = 30;
        int y1 = 46;
        double m0 = 3.0;
        double[] m = new double[n * n];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                m[y * n + x] = m0;
            }
        }
        MagnetizationInverter inv = new MagnetizationInverter(n, n, pixel, settings(d, t));
        double[] bz = new double[n * n];
        inv.forwardFieldOfView(m, bz);
        double maxErr = 0;
        double maxField = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                if (nearEdge(y, x, y0, y1, x0, x1, 2)) {
                    continue;
                }
                // Pixel (y, x) centre relative to the prism's faces (pixel cells span [i - 0.5, i + 0.5]).
                double exact = prismBz(m0, (x0 - 0.5 - x) * pixel, (x1 - 0.5 - x) * pixel, (y0 - 0.5 - y) * pixel,
                    (y1 - 0.5 - y) * pixel, d, t);
                maxErr = Math.max(maxErr, Math.abs(bz[y * n + x] - exact));
                maxField = Math.max(maxField, Math.abs(exact));
            }
        }
        assertThat(maxField).isGreaterThan(5.0); // 2 pi M = 18.8 G scale: a real signal
        assertThat(maxErr).isLessThan(0.02 * maxField);
    }

    @Test
    void invertsTheClosedFormFieldOfAPrism() {
        int n = 64;
        double pixel = 0.5;
        double d = 0.1;
        double t = 5.0;
        int x0 = 20;
        int x1 = 44;
        int y0 = 24;
        int y1 = 40;
        double m0 = -5.0;
        double[] bz = new double[n * n];
        double[] sigma = new double[n * n];
        Arrays.fill(sigma, 0.1);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                bz[y * n + x] = prismBz(m0, (x0 - 0.5 - x) * pixel, (x1 - 0.5 - x) * pixel, (y0 - 0.5 - y) * pixel,
                    (y1 - 0.5 - y) * pixel, d, t);
            }
        }
        MagnetizationInverter inv = new MagnetizationInverter(n, n, pixel, settings(d, t));
        MagnetizationResult out = new MagnetizationResult(n * n);
        inv.invert(bz, sigma, out);
        assertThat(out.status).isEqualTo(MagnetizationResult.Status.OK);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                if (nearEdge(y, x, y0, y1, x0, x1, 2)) {
                    continue;
                }
                boolean inside = y >= y0 && y < y1 && x >= x0 && x < x1;
                assertThat(out.mzEmuPerCm3[y * n + x]).as("pixel %d,%d", y, x)
                    .isCloseTo(inside ? m0 : 0, within(0.04 * Math.abs(m0)));
            }
        }
    }

    private static boolean nearEdge(int y, int x, int y0, int y1, int x0, int x1, int px) {
        boolean nearX = Math.abs(x - x0 + 0.5) < px || Math.abs(x - x1 + 0.5) < px;
        boolean nearY = Math.abs(y - y0 + 0.5) < px || Math.abs(y - y1 + 0.5) < px;
        boolean inY = y > y0 - px && y < y1 + px;
        boolean inX = x > x0 - px && x < x1 + px;
        return (nearX && inY) || (nearY && inX);
    }

    /**
     * Round trip through the simulator's forward model: an elliptical screening region with a radial chi profile under
     * 60 G, field noise 0.2 G, 3 % missing pixels and 2 % gross outliers (misassigned lines): chi_eff recovered to a
     * few percent, the outliers rejected, and the reported uncertainty within a factor 2 of the observed error.
     */
    @Test
    void roundTripThroughTheSimulatorForwardModelWithNoiseGapsAndOutliers() {
        int n = 64;
        double pixel = 0.5;
        double d = 0.1;
        double t = 5.0;
        double h = 60.0;
        double[] chi = new double[n * n];
        double[] m = new double[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double u = (x - 30.3) / 14.0;
                double v = (y - 33.1) / 10.0;
                double r2 = u * u + v * v;
                chi[y * n + x] = r2 <= 1 ? 0.4 + 0.6 * (1 - r2) : 0;
                m[y * n + x] = -chi[y * n + x] * h / (4 * Math.PI);
            }
        }
        ScreeningField forward = new ScreeningField(n, n, pixel, d, t, 2);
        double[] bx = new double[n * n];
        double[] by = new double[n * n];
        double[] bz = new double[n * n];
        forward.fieldChange(m, bx, by, bz);
        SplittableRandom rng = new SplittableRandom(7);
        double[] sigma = new double[n * n];
        int outliers = 0;
        for (int i = 0; i < n * n; i++) {
            sigma[i] = 0.2;
            bz[i] += 0.2 * gaussian(rng);
            double u = rng.nextDouble();
            if (u < 0.03) {
                bz[i] = Double.NaN;
            } else if (u < 0.05) {
                bz[i] += (rng.nextBoolean() ? 1 : -1) * (10 + 20 * rng.nextDouble());
                outliers++;
            }
        }
        MagnetizationInverter inv = new MagnetizationInverter(n, n, pixel, settings(d, t));
        MagnetizationResult out = new MagnetizationResult(n * n);
        inv.invert(bz, sigma, out);
        assertThat(out.status).isEqualTo(MagnetizationResult.Status.OK);
        assertThat(out.rejectedPixels).isBetween(outliers * 9 / 10, outliers + 20);
        double se = 0;
        double pull = 0;
        for (int i = 0; i < n * n; i++) {
            double est = MagnetizationResult.chiEff(out.mzEmuPerCm3[i], h, 1.0);
            double err = est - chi[i];
            se += err * err;
            double sChi = 4 * Math.PI * out.mzErrEmuPerCm3[i] / h;
            pull += (err / sChi) * (err / sChi);
        }
        double rms = Math.sqrt(se / (n * n));
        double pullRms = Math.sqrt(pull / (n * n));
        // Measured 0.019 (0.011 where no gap or outlier is near); the stationary error estimate misses the error next to
        // gaps and outliers: pull RMS 1.7.
        assertThat(rms).isLessThan(0.03);
        assertThat(pullRms).isBetween(0.5, 2.0);
    }

    @Test
    void tooFewPixelsGivesNoMap() {
        int n = 16;
        MagnetizationInverter inv = new MagnetizationInverter(n, n, 0.5, settings(0.1, 5.0));
        double[] bz = new double[n * n];
        double[] sigma = new double[n * n];
        Arrays.fill(bz, Double.NaN);
        Arrays.fill(sigma, 0.1);
        MagnetizationResult out = new MagnetizationResult(n * n);
        inv.invert(bz, sigma, out);
        assertThat(out.status).isEqualTo(MagnetizationResult.Status.TOO_FEW_PIXELS);
        assertThat(out.mzEmuPerCm3[0]).isNaN();
    }

    @Test
    void chiEffIsTheSlabSusceptibility() {
        // Full screening of 50 G: M = -50 / (4 pi) emu/cm^3 -> chi_eff = 1; no chi at (near) zero field.
        assertThat(MagnetizationResult.chiEff(-50 / (4 * Math.PI), 50, 1.0)).isCloseTo(1.0, within(1e-12));
        assertThat(MagnetizationResult.chiEff(-1.0, 0.5, 1.0)).isNaN();
        // The transfer function: 0 at k = 0, 2 pi (1 - e^{-kt}) for d = 0, -> 0 at large k d.
        assertThat(MagnetizationInverter.transfer(0, 0.1, 5)).isZero();
        assertThat(MagnetizationInverter.transfer(1.0, 0.0, 1.0)).isCloseTo(2 * Math.PI * (1 - Math.exp(-1)), within(1e-12));
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
