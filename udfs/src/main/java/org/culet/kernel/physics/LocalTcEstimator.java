package org.culet.kernel.physics;

/**
 * Local Tc from one pixel's temperature series of a Meissner measure (physics.md Section 5): field ratio
 * B_NV / B_applied, field shift, or screening-slope ratio, each point with its 1-sigma.
 *
 * <ul>
 *   <li>Normal state: the weighted mean of the points within {@code normal-window-k} of the warmest
 *       (at least {@code min-normal-points}); the pixel's noise is the larger of each point's stated
 *       error and the scatter of the warm points.</li>
 *   <li>Onset: cooling from the warmest point, the first (highest) T from which the response departs
 *       from the normal value, in the direction of {@code response-sign}, by more than k sigma
 *       (sigma = sqrt(noise^2 + sigma(normal mean)^2)) for {@code consecutive-points} points in a row (at the cold
 *       end, where fewer points remain, by twice as much for each of them: then the transition is not resolved,
 *       onsetAtColdEnd is set and no midpoint or fit is reported). None: NO_TRANSITION (no Tc reported).</li>
 *   <li>Midpoint: T where the response crosses halfway between the normal value and the mean of the
 *       {@code low-t-points} coldest points (linear interpolation, error propagated from the two points).</li>
 *   <li>Fit: response = N + A (1 - (T/Tc)^p) below Tc, N above (p = {@code step-exponent}; the form of
 *       physics.md Section 5b), N and A by weighted linear least squares for each Tc on a grid (variable
 *       projection), parabolic refinement, 1-sigma from delta chi^2 = 1.</li>
 * </ul>
 * Not thread-safe; scratch arrays sized by the capacity given at construction; no allocation per call.
 */
public final class LocalTcEstimator {
    private final TcSettings settings;
    private final double[] t;
    private final double[] r;
    private final double[] s;
    private final double[] noise;

    public LocalTcEstimator(TcSettings settings, int capacity) {
        this.settings = settings;
        t = new double[capacity];
        r = new double[capacity];
        s = new double[capacity];
        noise = new double[capacity];
    }

    /**
     * Estimates Tc from the first n entries (any order; NaN entries and non-positive sigmas skipped).
     * Mutates out only.
     */
    public void estimate(double[] temperaturesK, double[] response, double[] sigma, int n, TcResult out) {
        out.reset(TcResult.Status.BAD_INPUT);
        if (n > t.length) {
            return;
        }
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(temperaturesK[i]) || !Double.isFinite(response[i]) || !(sigma[i] > 0)
                || !Double.isFinite(sigma[i])) {
                continue;
            }
            // insertion by descending temperature
            int pos = m;
            while (pos > 0 && t[pos - 1] < temperaturesK[i]) {
                t[pos] = t[pos - 1];
                r[pos] = r[pos - 1];
                s[pos] = s[pos - 1];
                pos--;
            }
            t[pos] = temperaturesK[i];
            r[pos] = response[i];
            s[pos] = sigma[i];
            m++;
        }
        out.points = m;
        if (m == 0 && n > 0) {
            return;
        }
        if (m < settings.minPoints()) {
            out.status = TcResult.Status.INSUFFICIENT_DATA;
            return;
        }
        int nn = 0;
        while (nn < m && (t[nn] >= t[0] - settings.normalWindowK() || nn < settings.minNormalPoints())) {
            nn++;
        }
        if (nn < settings.minNormalPoints() || nn >= m) {
            out.status = TcResult.Status.INSUFFICIENT_DATA;
            return;
        }
        double sw = 0;
        double swr = 0;
        for (int i = 0; i < nn; i++) {
            double w = 1 / (s[i] * s[i]);
            sw += w;
            swr += w * r[i];
        }
        double normal = swr / sw;
        double ss = 0;
        for (int i = 0; i < nn; i++) {
            ss += (r[i] - normal) * (r[i] - normal);
        }
        double scatter = nn > 1 ? Math.sqrt(ss / (nn - 1)) : 0;
        double meanSigma = Math.sqrt(1 / sw);
        if (nn > 1) {
            meanSigma = Math.max(meanSigma, scatter / Math.sqrt(nn));
        }
        double typical = 0;
        for (int i = 0; i < m; i++) {
            noise[i] = Math.max(s[i], scatter);
            typical += noise[i] / m;
        }
        out.normalValue = normal;
        out.noise = typical;
        int low = Math.min(settings.lowTPoints(), m);
        double lowMean = 0;
        for (int i = m - low; i < m; i++) {
            lowMean += r[i] / low;
        }
        out.amplitude = lowMean - normal;
        out.significance = Math.abs(out.amplitude) / typical;
        int sign = settings.responseSign();
        int c = Math.max(1, settings.consecutivePoints());
        int onset = -1;
        for (int i = 0; i < m && onset < 0; i++) {
            // c points in a row; at the cold end of the series fewer remain, and those count when every one of them
            // departs by twice the threshold (a screening pixel whose colder sweeps gave no value still shows it)
            int end = Math.min(i + c, m);
            double factor = end - i < c ? 2 : 1;
            boolean all = true;
            for (int j = i; j < end && all; j++) {
                double dep = sign * (r[j] - normal);
                double thr = settings.kSigma() * Math.sqrt(noise[j] * noise[j] + meanSigma * meanSigma);
                all = dep > factor * thr;
            }
            if (all) {
                onset = i;
                out.onsetAtColdEnd = end - i < c;
            }
        }
        if (onset < 0) {
            out.status = TcResult.Status.NO_TRANSITION;
            return;
        }
        out.status = TcResult.Status.OK;
        out.tcOnsetK = t[onset];
        out.tcOnsetSigmaK = onset > 0 ? (t[onset - 1] - t[onset]) / Math.sqrt(12) : Double.NaN;
        if (out.onsetAtColdEnd) {
            return; // the transition is not resolved: no midpoint, no fitted step
        }
        midpoint(m, normal, lowMean, out);
        fit(m, out);
    }

    /** Halfway crossing, scanning from the coldest point upwards. */
    private void midpoint(int m, double normal, double lowMean, TcResult out) {
        double half = 0.5 * (normal + lowMean);
        int sign = lowMean < normal ? -1 : 1; // direction of the departure
        for (int i = m - 1; i > 0; i--) {
            double da = sign * (r[i] - half);      // colder point: deep side (> 0)
            double db = sign * (r[i - 1] - half);  // warmer point
            if (da > 0 && db <= 0) {
                double w = da / (da - db);
                out.tcMidpointK = t[i] + w * (t[i - 1] - t[i]);
                double slope = (r[i - 1] - r[i]) / (t[i - 1] - t[i]);
                double sr = Math.sqrt(noise[i] * noise[i] * (1 - w) * (1 - w) + noise[i - 1] * noise[i - 1] * w * w);
                out.tcMidpointSigmaK = Math.abs(sr / slope);
                return;
            }
        }
    }

    /** Smooth-step fit with Tc on a grid (variable projection for N and A), parabolic refinement. */
    private void fit(int m, TcResult out) {
        double step = settings.fitGridStepK();
        double lo = t[m - 1];
        double hi = t[0];
        int steps = (int) Math.ceil((hi - lo) / step);
        double best = Double.POSITIVE_INFINITY;
        int bestK = -1;
        for (int k = 0; k <= steps; k++) {
            double c = chi2At(lo + k * step, m);
            if (c < best) {
                best = c;
                bestK = k;
            }
        }
        if (bestK < 0) {
            return;
        }
        double tc = lo + bestK * step;
        if (bestK > 0 && bestK < steps) {
            double cm = chi2At(tc - step, m);
            double cp = chi2At(tc + step, m);
            double denom = cm - 2 * best + cp;
            if (denom > 0) {
                double shift = 0.5 * (cm - cp) / denom;
                if (Math.abs(shift) < 1) {
                    double refined = tc + shift * step;
                    double cr = chi2At(refined, m);
                    if (cr <= best) {
                        tc = refined;
                        best = cr;
                    }
                }
            }
        }
        int dof = m - 3;
        double red = dof > 0 ? best / dof : Double.NaN;
        double target = best + Math.max(1.0, dof > 0 ? red : 1.0);
        double left = crossing(tc, -step, target, lo, m);
        double right = crossing(tc, step, target, hi, m);
        out.tcFitK = tc;
        out.fitReducedChi2 = red;
        out.tcFitSigmaK = 0.5 * (right - left);
    }

    /** Walks from tc in steps of dt until chi^2 exceeds target (or the limit); returns the interpolated crossing. */
    private double crossing(double tc, double dt, double target, double limit, int m) {
        double prevT = tc;
        double prevC = chi2At(tc, m);
        for (int k = 1; k < 4000; k++) {
            double tt = tc + k * dt;
            if ((dt > 0 && tt > limit) || (dt < 0 && tt < limit)) {
                return limit;
            }
            double cc = chi2At(tt, m);
            if (cc >= target) {
                return prevT + (target - prevC) / (cc - prevC) * (tt - prevT);
            }
            prevT = tt;
            prevC = cc;
        }
        return prevT;
    }

    /** Weighted chi^2 of the best N, A for a given Tc (A of the wrong sign: +infinity). */
    private double chi2At(double tc, int m) {
        double sw = 0;
        double sg = 0;
        double sgg = 0;
        double sr = 0;
        double sgr = 0;
        double p = settings.stepExponent();
        for (int i = 0; i < m; i++) {
            double w = 1 / (noise[i] * noise[i]);
            double g = t[i] < tc ? 1 - Math.pow(t[i] / tc, p) : 0;
            sw += w;
            sg += w * g;
            sgg += w * g * g;
            sr += w * r[i];
            sgr += w * g * r[i];
        }
        double det = sw * sgg - sg * sg;
        if (!(det > 1e-12 * sw * sw)) {
            return Double.POSITIVE_INFINITY;
        }
        double n0 = (sgg * sr - sg * sgr) / det;
        double a = (sw * sgr - sg * sr) / det;
        if (a * settings.responseSign() < 0) {
            return Double.POSITIVE_INFINITY;
        }
        double c = 0;
        for (int i = 0; i < m; i++) {
            double g = t[i] < tc ? 1 - Math.pow(t[i] / tc, p) : 0;
            double e = (r[i] - n0 - a * g) / noise[i];
            c += e * e;
        }
        return c;
    }
}
