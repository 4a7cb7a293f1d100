package org.culet.kernel.fit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Levenberg-Marquardt fit of one ODMR spectrum to a {@link SpectrumModel}, with box bounds on centres and
 * widths, the linear parameters (baseline coefficients, dip amplitudes) eliminated by variable projection,
 * and a status for every fit (numerics never throw).
 *
 * <h2>Algorithm</h2>
 * Residual r(theta, alpha) = y - Phi(theta) alpha, theta = centres (or D, E of tied pairs) and FWHMs, alpha =
 * baseline coefficients and amplitudes. For every trial theta, alpha is the exact linear least-squares solution
 * (normal equations Phi^T Phi, Cholesky), so the iteration runs on the projected functional
 * ||P_perp(theta) y||^2 (Golub and Pereyra, SIAM J. Numer. Anal. 10, 413 (1973)). The step in theta solves
 * (S + lambda D) delta = g with S = A_tt - A_ta A_aa^-1 A_at the Schur complement of the full normal matrix
 * J^T J in the linear block, which at the projected optimum equals Kaufman's variable-projection Gauss-Newton
 * matrix (Kaufman, BIT 15, 49 (1975)); D = running maximum of diag(S) (Marquardt/MINPACK scaling). Trial points
 * are projected onto the box; a step is accepted when chi^2 decreases (lambda / 10), else lambda x 10.
 * Converged when an accepted step lowers chi^2 by less than {@code chi2-rel-tol} relative, or moves every
 * parameter by less than {@code step-rel-tol} relative, or when no damped step can lower chi^2 any more.
 * While iterating, the products of the Jacobian columns that form S are taken over each line's window of
 * +-{@value #HESSIAN_WINDOW_FWHM} FWHM (an approximate Hessian: the far tails of a line hardly couple to other lines);
 * the gradient is always exact, so the minimum is not approximated, and the covariance is computed from the exact
 * J^T J at the end. The iteration also stops when the predicted chi^2 reduction of the next step is below
 * {@code chi2-rel-tol}. Covariance of all parameters: (J^T W J)^-1 x chi^2 / (m - n).
 *
 * <h2>Seeding</h2>
 * Peak-finder seeds ({@link PeakSeeder}), or a caller's seed (neighbouring pixel, region average) with a fall-back to
 * peak seeds, and up to {@code seed.rescue-attempts} retries that move the weakest line to the deepest residual dip.
 *
 * <h2>Use</h2>
 * One fitter per thread (Spark: per partition) for a fixed number of points, model and settings; every buffer is
 * allocated in the constructor and reused, so {@link #fit} allocates nothing. Not thread-safe.
 */
public final class SpectrumFitter {
    private final SpectrumModel model;
    private final FitSettings settings;
    private final LineShape shape;
    private final double eta;
    private final int m;
    private final int nLines;
    private final int nTheta;
    private final int nBase;
    private final int nAmp;
    private final int p;
    private final int n;
    // parameter map per line: centre = theta[centreIdx] + splitSign * theta[splitIdx] (splitIdx < 0: none)
    private final int[] centreIdx;
    private final int[] splitIdx;
    private final double[] splitSign;
    private final int[] widthIdx;
    private final int[] ampIdx;
    private final boolean[] isCentreParam;

    // data of the current fit
    private final double[] f;
    private final double[] y;        // sqrt(w)-scaled data
    private final double[] sqrtW;
    private boolean weighted;
    private double fMid;
    private double halfSpan;
    private final double[] baseCols; // nBase x m, sqrt(w)-scaled x^j
    private final double[] gBase;    // nBase x nBase, Phi_base^T Phi_base
    private final double[] bBase;    // Phi_base^T y

    // current and trial buffers (swapped on acceptance)
    private double[] sCur;
    private double[] dcCur;
    private double[] dwCur;
    private double[] ampCur;
    private double[] rCur;
    private double[] sTry;
    private double[] dcTry;
    private double[] dwTry;
    private double[] ampTry;
    private double[] rTry;
    private final double[] jac;      // nTheta x m
    private final double[] theta;
    private final double[] thetaTry;
    private final double[] lo;
    private final double[] hi;
    private final double[] scaleD;

    // small dense matrices (EJML), reused
    private final DMatrixRMaj gTry;   // p x p normal matrix of the linear block at the trial point
    private final DMatrixRMaj gCur;
    private final DMatrixRMaj gWork;
    private final DMatrixRMaj bVec;
    private final DMatrixRMaj alphaTry;
    private final DMatrixRMaj alphaCur;
    private final DMatrixRMaj att;    // nTheta x nTheta
    private final DMatrixRMaj aat;    // p x nTheta
    private final DMatrixRMaj xMat;   // p x nTheta = G^-1 A_at
    private final DMatrixRMaj gTheta; // nTheta x 1
    private final DMatrixRMaj schur;
    private final DMatrixRMaj damped;
    private final DMatrixRMaj gRed;
    private final DMatrixRMaj gStep;
    private final DMatrixRMaj delta;
    private final DMatrixRMaj normal; // n x n
    private final DMatrixRMaj cov;
    private final LinearSolverDense<DMatrixRMaj> solveP;
    private final LinearSolverDense<DMatrixRMaj> solveT;
    private final LinearSolverDense<DMatrixRMaj> solveN;

    private final PeakSeeder seeder;
    private final double[] seedC = new double[SpectrumModel.MAX_LINES];
    private final double[] seedW = new double[SpectrumModel.MAX_LINES];
    private final double[] lineC = new double[SpectrumModel.MAX_LINES];
    private final double[] regionAvg;
    private final double[] rawY;
    private final FitResult scratch = new FitResult();
    private final FitResult rescue = new FitResult();
    private final double[] lineW = new double[SpectrumModel.MAX_LINES];
    private final double[] gradBuf;
    // Hessian windows: theta column a is used over points [colLo[a], colHi[a]) when building J^T J during the
    // iteration (its far tails are dropped from the approximate Hessian only; gradient and covariance are exact)
    private final int[] colLo;
    private final int[] colHi;
    private final int[] ampLo;
    private final int[] ampHi;
    /** Half-width of the Hessian window in FWHMs. */
    static final double HESSIAN_WINDOW_FWHM = 5.0;

    /**
     * @param nFreq    number of frequency points of every spectrum this fitter sees
     * @param model    lines, shape, baseline, tying
     * @param settings tolerances, bounds, seeding ({@link FitSettings#fromConfig})
     */
    public SpectrumFitter(int nFreq, SpectrumModel model, FitSettings settings) {
        if (nFreq < 1) {
            throw new IllegalArgumentException("nFreq must be >= 1");
        }
        this.model = model;
        this.settings = settings;
        this.shape = model.shape();
        this.eta = settings.voigtEta();
        this.m = nFreq;
        this.nLines = model.nLines();
        this.nTheta = model.nonlinearCount();
        this.nBase = model.baseline().terms;
        this.nAmp = model.amplitudeCount();
        this.p = nBase + nAmp;
        this.n = nTheta + p;
        centreIdx = new int[nLines];
        splitIdx = new int[nLines];
        splitSign = new double[nLines];
        widthIdx = new int[nLines];
        ampIdx = new int[nLines];
        isCentreParam = new boolean[nTheta];
        if (!model.tiedPairs()) {
            for (int k = 0; k < nLines; k++) {
                centreIdx[k] = 2 * k;
                widthIdx[k] = 2 * k + 1;
                splitIdx[k] = -1;
                ampIdx[k] = k;
                isCentreParam[2 * k] = true;
            }
        } else {
            int t = 0;
            for (int j = 0; j < nLines / 2; j++) {
                int d = t++;
                int e = t++;
                isCentreParam[d] = true;
                isCentreParam[e] = true;
                int w1 = t++;
                int w2 = model.sharedWidth() ? w1 : t++;
                for (int b = 0; b < 2; b++) {
                    int k = 2 * j + b;
                    centreIdx[k] = d;
                    splitIdx[k] = e;
                    splitSign[k] = b == 0 ? -1 : 1;
                    widthIdx[k] = b == 0 ? w1 : w2;
                    ampIdx[k] = model.sharedContrast() ? j : k;
                }
            }
        }
        f = new double[m];
        y = new double[m];
        sqrtW = new double[m];
        rawY = new double[m];
        regionAvg = new double[m];
        baseCols = new double[nBase * m];
        gBase = new double[nBase * nBase];
        bBase = new double[nBase];
        sCur = new double[nLines * m];
        dcCur = new double[nLines * m];
        dwCur = new double[nLines * m];
        sTry = new double[nLines * m];
        dcTry = new double[nLines * m];
        dwTry = new double[nLines * m];
        ampCur = new double[nAmp * m];
        ampTry = new double[nAmp * m];
        rCur = new double[m];
        rTry = new double[m];
        jac = new double[nTheta * m];
        theta = new double[nTheta];
        thetaTry = new double[nTheta];
        lo = new double[nTheta];
        hi = new double[nTheta];
        scaleD = new double[nTheta];
        gradBuf = new double[n];
        colLo = new int[nTheta];
        colHi = new int[nTheta];
        ampLo = new int[nAmp];
        ampHi = new int[nAmp];
        gTry = new DMatrixRMaj(p, p);
        gCur = new DMatrixRMaj(p, p);
        gWork = new DMatrixRMaj(p, p);
        bVec = new DMatrixRMaj(p, 1);
        alphaTry = new DMatrixRMaj(p, 1);
        alphaCur = new DMatrixRMaj(p, 1);
        att = new DMatrixRMaj(nTheta, nTheta);
        aat = new DMatrixRMaj(p, nTheta);
        xMat = new DMatrixRMaj(p, nTheta);
        gTheta = new DMatrixRMaj(nTheta, 1);
        schur = new DMatrixRMaj(nTheta, nTheta);
        damped = new DMatrixRMaj(nTheta, nTheta);
        gRed = new DMatrixRMaj(nTheta, 1);
        gStep = new DMatrixRMaj(nTheta, 1);
        delta = new DMatrixRMaj(nTheta, 1);
        normal = new DMatrixRMaj(n, n);
        cov = new DMatrixRMaj(n, n);
        solveP = LinearSolverFactory_DDRM.chol(p);
        solveT = LinearSolverFactory_DDRM.chol(nTheta);
        solveN = LinearSolverFactory_DDRM.chol(n);
        seeder = new PeakSeeder(m, settings);
    }

    public SpectrumModel model() {
        return model;
    }

    public FitSettings settings() {
        return settings;
    }

    public int frequencyCount() {
        return m;
    }

    /**
     * Fits the spectrum {@code spectra[offset .. offset + nFreq)} (pixel-major packing: pixel i at offset
     * i * nFreq) on the axis {@code freqsMhz} (MHz, strictly increasing, nFreq values).
     *
     * <p>With a usable {@code seed} (a neighbouring pixel's or the region average's result with the same number of
     * lines), the fit starts from its centres and widths; when that fit is not OK or its reduced chi^2 exceeds
     * {@code seed.refit-chi2-ratio} times the noise variance estimated from the spectrum, it is redone from
     * peak-finder seeds and the lower chi^2 is kept (lines that moved, crossed or merged since the neighbour).
     * Without a seed, peak-finder seeds are used. Reads the inputs, never mutates them; writes only {@code out},
     * which is returned. Never throws on bad numbers: they give {@link FitStatus#BAD_INPUT}.
     */
    public FitResult fit(double[] freqsMhz, double[] spectra, int offset, FitResult seed, FitResult out) {
        out.clear(nLines, nBase);
        if (!prepare(freqsMhz, spectra, offset)) {
            return out;
        }
        boolean useSeed = seed != null && seed.usableAsSeed() && seed.lineCount() == nLines;
        if (useSeed) {
            double noiseVar = seeder.estimateNoise(rawY, 0);
            noiseVar *= noiseVar;
            for (int k = 0; k < nLines; k++) {
                seedC[k] = seed.centreMhz(k);
                seedW[k] = seed.fwhmMhz(k);
            }
            solveFromSeeds(out);
            if (out.status() == FitStatus.OK && !(out.reducedChi2() > settings.seedRefitChi2Ratio() * refVar(noiseVar))) {
                return out;
            }
            seeder.seed(f, rawY, 0, nLines, seedC, seedW);
            solveFromSeeds(scratch);
            if (better(scratch, out)) {
                out.copyFrom(scratch);
            }
            rescueMissedLines(out, noiseVar);
            return out;
        }
        seeder.seed(f, rawY, 0, nLines, seedC, seedW);
        solveFromSeeds(out);
        if (out.status() != FitStatus.OK && out.status() != FitStatus.BAD_INPUT) {
            double noiseVar = seeder.estimateNoise(rawY, 0);
            rescueMissedLines(out, noiseVar * noiseVar);
        }
        return out;
    }

    /**
     * When a fit is not OK or does not describe the data (reduced chi^2 above refit-chi2-ratio x noise variance),
     * a line was probably missed by the peak finder (weak, or hidden next to a strong one) while another one sits
     * on noise or a bound: move the weakest line (lowest contrast / error) to the most prominent dip left in the
     * residual and refit, keeping the lower chi^2; at most {@code seed.rescue-attempts} attempts. Writes only {@code out}.
     */
    private void rescueMissedLines(FitResult out, double noiseVar) {
        for (int attempt = 0; attempt < settings.seedRescueAttempts(); attempt++) {
            boolean bad = out.status() != FitStatus.OK
                || out.reducedChi2() > settings.seedRefitChi2Ratio() * refVar(noiseVar);
            if (!bad || out.status() == FitStatus.BAD_INPUT || !Double.isFinite(out.chi2())) {
                return;
            }
            // re-run the accepted solution to have its residual in rCur
            for (int k = 0; k < nLines; k++) {
                seedC[k] = out.centreMhz(k);
                seedW[k] = out.fwhmMhz(k);
            }
            thetaFromLines(seedC, seedW);
            if (weighted) {
                setWeights(null);
            }
            if (!Double.isFinite(evaluate(theta))) {
                return;
            }
            double level = Math.abs(alphaTry.data[0]) > 0 ? alphaTry.data[0] : 1.0;
            for (int i = 0; i < m; i++) {
                regionAvg[i] = -rTry[i] / level; // residual dip depth (regionAvg is free during a fit)
            }
            int weakest = 0;
            double weakestSnr = Double.POSITIVE_INFINITY;
            for (int k = 0; k < nLines; k++) {
                double snr = out.contrast(k) / out.contrastErr(k);
                if (!(snr >= weakestSnr)) { // NaN counts as weakest
                    weakestSnr = Double.isNaN(snr) ? Double.NEGATIVE_INFINITY : snr;
                    weakest = k;
                }
            }
            lineC[0] = seedC[weakest];
            double wOld = seedW[weakest];
            seedW[weakest] = settings.seedDefaultFwhmMhz();
            lineW[0] = seedW[weakest];
            if (!seeder.strongestDip(f, regionAvg, lineC, lineW)) {
                return;
            }
            seedC[weakest] = lineC[0];
            seedW[weakest] = lineW[0];
            sortSeeds();
            solveFromSeeds(rescue);
            if (!better(rescue, out)) {
                seedW[weakest] = wOld;
                return;
            }
            out.copyFrom(rescue);
        }
    }

    /** Sorts seedC (with seedW) by centre. */
    private void sortSeeds() {
        for (int a = 1; a < nLines; a++) {
            for (int b = a; b > 0 && seedC[b - 1] > seedC[b]; b--) {
                double t = seedC[b];
                seedC[b] = seedC[b - 1];
                seedC[b - 1] = t;
                t = seedW[b];
                seedW[b] = seedW[b - 1];
                seedW[b - 1] = t;
            }
        }
    }

    /**
     * Fits the average of {@code count} spectra packed at {@code offset + i * stride} (i = 0..count-1), e.g. one
     * tile, from peak-finder seeds; the result is a good seed for every pixel of that region. Non-finite spectra
     * are skipped; BAD_INPUT when none is finite. Writes only {@code out}.
     */
    public FitResult fitRegionAverage(double[] freqsMhz, double[] spectra, int offset, int stride, int count,
                                      FitResult out) {
        java.util.Arrays.fill(regionAvg, 0);
        int used = 0;
        for (int i = 0; i < count; i++) {
            int o = offset + i * stride;
            boolean ok = true;
            for (int j = 0; j < m && ok; j++) {
                ok = Double.isFinite(spectra[o + j]);
            }
            if (!ok) {
                continue;
            }
            for (int j = 0; j < m; j++) {
                regionAvg[j] += spectra[o + j];
            }
            used++;
        }
        if (used == 0) {
            out.clear(nLines, nBase);
            return out;
        }
        for (int j = 0; j < m; j++) {
            regionAvg[j] /= used;
        }
        return fit(freqsMhz, regionAvg, 0, null, out);
    }

    private double refVar(double noiseVar) {
        return weighted ? 1.0 : noiseVar;
    }

    private static boolean better(FitResult a, FitResult b) {
        if (!Double.isFinite(a.chi2())) {
            return false;
        }
        if (!Double.isFinite(b.chi2())) {
            return true;
        }
        boolean aOk = a.status() == FitStatus.OK;
        boolean bOk = b.status() == FitStatus.OK;
        if (aOk != bOk && Math.abs(a.chi2() - b.chi2()) <= 1e-9 * b.chi2()) {
            return aOk;
        }
        return a.chi2() < b.chi2();
    }

    /** Copies and checks the input; sets up the baseline columns. False (BAD_INPUT) when unusable. */
    private boolean prepare(double[] freqsMhz, double[] spectra, int offset) {
        if (freqsMhz == null || spectra == null || freqsMhz.length < m || offset < 0 || offset + m > spectra.length) {
            return false;
        }
        if (m <= n) {
            return false; // no degrees of freedom left
        }
        double sat = settings.saturationLevel();
        double sum = 0;
        for (int i = 0; i < m; i++) {
            double fi = freqsMhz[i];
            double yi = spectra[offset + i];
            if (!Double.isFinite(fi) || !Double.isFinite(yi) || (sat > 0 && yi >= sat)) {
                return false;
            }
            if (i > 0 && !(fi > f[i - 1])) {
                return false;
            }
            f[i] = fi;
            rawY[i] = yi;
            sum += yi;
        }
        if (!(sum > 0)) {
            return false;
        }
        fMid = 0.5 * (f[0] + f[m - 1]);
        halfSpan = 0.5 * (f[m - 1] - f[0]);
        double fLo = f[0] - settings.centreMarginMhz();
        double fHi = f[m - 1] + settings.centreMarginMhz();
        for (int k = 0; k < nLines; k++) {
            int c = centreIdx[k];
            if (splitIdx[k] < 0) {
                lo[c] = fLo;
                hi[c] = fHi;
            } else {
                lo[c] = fLo;
                hi[c] = fHi;
                lo[splitIdx[k]] = 0;
                hi[splitIdx[k]] = 0.5 * (fHi - fLo);
            }
            lo[widthIdx[k]] = settings.minFwhmMhz();
            hi[widthIdx[k]] = settings.maxFwhmMhz();
        }
        setWeights(null);
        return true;
    }

    /** Sets the row weights (null: unweighted) and the weighted data and baseline blocks. */
    private void setWeights(double[] weights) {
        weighted = weights != null;
        for (int i = 0; i < m; i++) {
            double sw = weighted ? Math.sqrt(weights[i]) : 1.0;
            sqrtW[i] = sw;
            y[i] = sw * rawY[i];
            double x = (f[i] - fMid) / halfSpan;
            double xp = sw;
            for (int j = 0; j < nBase; j++) {
                baseCols[j * m + i] = xp;
                xp *= x;
            }
        }
        for (int a = 0; a < nBase; a++) {
            bBase[a] = dot(baseCols, a * m, y, 0, m);
            for (int b = 0; b <= a; b++) {
                double v = dot(baseCols, a * m, baseCols, b * m, m);
                gBase[a * nBase + b] = v;
                gBase[b * nBase + a] = v;
            }
        }
    }

    /** Runs LM from seedC/seedW (and, in Poisson mode, the reweighting passes) into {@code out}. */
    private void solveFromSeeds(FitResult out) {
        thetaFromLines(seedC, seedW);
        if (weighted) {
            setWeights(null);
        }
        int iters = levenbergMarquardt(out, 0);
        if (settings.poisson() && out.status() != FitStatus.BAD_INPUT && out.status() != FitStatus.SINGULAR) {
            // Poisson MLE by iterated weights w = 1/model: at the fixed point the weighted normal equations are
            // the Poisson score equations sum (y - mu)/mu dmu/dtheta = 0 (Fisher scoring / IRLS).
            double[] wts = rTry; // reuse a buffer: model values -> weights (rTry is rewritten by evaluate)
            for (int pass = 0; pass < 3; pass++) {
                for (int i = 0; i < m; i++) {
                    double mu = rawY[i] - rCur[i] / sqrtW[i];
                    wts[i] = 1.0 / Math.max(mu, 1e-12 * Math.abs(mu) + Double.MIN_NORMAL);
                }
                double[] wCopy = lineCArrayTemp(wts);
                setWeights(wCopy);
                iters = levenbergMarquardt(out, iters);
                if (out.status() == FitStatus.BAD_INPUT || out.status() == FitStatus.SINGULAR) {
                    break;
                }
            }
        }
    }

    /** Copies weights into regionAvg (free during a fit of rawY) so the trial buffers can be reused. */
    private double[] lineCArrayTemp(double[] w) {
        System.arraycopy(w, 0, regionAvg, 0, m);
        return regionAvg;
    }

    /** Sets theta from line centres (sorted) and widths, pairing nested lines for tied models; clamps. */
    private void thetaFromLines(double[] c, double[] w) {
        if (!model.tiedPairs()) {
            for (int k = 0; k < nLines; k++) {
                theta[centreIdx[k]] = c[k];
                theta[widthIdx[k]] = w[k];
            }
        } else {
            int pairs = nLines / 2;
            for (int j = 0; j < pairs; j++) {
                int kLow = j;
                int kHigh = nLines - 1 - j;
                int lineMinus = 2 * j;
                int linePlus = 2 * j + 1;
                theta[centreIdx[lineMinus]] = 0.5 * (c[kLow] + c[kHigh]);
                theta[splitIdx[lineMinus]] = 0.5 * (c[kHigh] - c[kLow]);
                if (model.sharedWidth()) {
                    theta[widthIdx[lineMinus]] = 0.5 * (w[kLow] + w[kHigh]);
                } else {
                    theta[widthIdx[lineMinus]] = w[kLow];
                    theta[widthIdx[linePlus]] = w[kHigh];
                }
            }
        }
        for (int t = 0; t < nTheta; t++) {
            theta[t] = clamp(t, theta[t]);
        }
    }

    private double clamp(int t, double v) {
        if (!(v >= lo[t])) {
            return lo[t];
        }
        return Math.min(v, hi[t]);
    }

    /**
     * The LM loop from the current theta; writes {@code out}. Returns the total number of trial steps
     * (including {@code itersBefore}).
     */
    private int levenbergMarquardt(FitResult out, int itersBefore) {
        int iters = itersBefore;
        double chi2 = evaluate(theta);
        if (!Double.isFinite(chi2)) {
            out.clear(nLines, nBase);
            out.set(FitStatus.SINGULAR, Double.NaN, Double.NaN, iters);
            return iters;
        }
        acceptTrial();
        java.util.Arrays.fill(scaleD, 0);
        double lambda = settings.initialLambda();
        boolean converged = false;
        boolean singular = !buildNormal();
        int maxIters = itersBefore + settings.maxIterations();
        outer:
        while (!singular && iters < maxIters) {
            for (int t = 0; t < nTheta; t++) {
                scaleD[t] = Math.max(scaleD[t], schur.get(t, t));
                if (!(scaleD[t] > 0)) {
                    scaleD[t] = 1e-30;
                }
            }
            while (true) {
                if (iters >= maxIters) {
                    break outer;
                }
                damped.setTo(schur);
                gStep.setTo(gRed);
                for (int t = 0; t < nTheta; t++) {
                    damped.add(t, t, lambda * scaleD[t]);
                }
                boolean ok = solveT.setA(damped) && solveDelta();
                // Active set: a parameter on its bound whose step points outward is held fixed and the step of the
                // free parameters re-solved (projected Newton), so bounded fits converge instead of crawling.
                for (int pass = 0; ok && pass < nTheta && freezeActive(); pass++) {
                    ok = solveT.setA(damped) && solveDelta();
                }
                if (!ok) {
                    lambda *= 10;
                    if (lambda > 1e16) {
                        converged = true;
                        break outer;
                    }
                    continue;
                }
                // Predicted chi^2 reduction of this step in the linearised model, 2 g.d - d.S.d: when even the
                // (nearly Gauss-Newton) step cannot lower chi^2 by chi2-rel-tol, the minimum is reached without
                // spending a model evaluation on it.
                if (lambda <= settings.initialLambda() && predictedReduction() <= settings.chi2RelTol() * chi2) {
                    converged = true;
                    break outer;
                }
                double maxRel = 0;
                for (int t = 0; t < nTheta; t++) {
                    double v = clamp(t, theta[t] + delta.get(t, 0));
                    thetaTry[t] = v;
                    double rel = Math.abs(v - theta[t]) / (Math.abs(theta[t]) + settings.stepRelTol());
                    maxRel = Math.max(maxRel, rel);
                }
                iters++;
                double chi2Try = evaluate(thetaTry);
                if (chi2Try < chi2) {
                    acceptTrial();
                    System.arraycopy(thetaTry, 0, theta, 0, nTheta);
                    double drop = chi2 - chi2Try;
                    chi2 = chi2Try;
                    lambda = Math.max(lambda * 0.1, 1e-12);
                    if (!buildNormal()) {
                        singular = true;
                        break outer;
                    }
                    if (drop <= settings.chi2RelTol() * chi2Try || maxRel <= settings.stepRelTol() || chi2 == 0) {
                        converged = true;
                        break outer;
                    }
                    continue outer;
                }
                if (maxRel <= settings.stepRelTol()) {
                    converged = true; // the step is below tolerance and does not help: at the minimum
                    break outer;
                }
                lambda *= 10;
                if (lambda > 1e16) {
                    converged = true;
                    break outer;
                }
            }
        }
        finish(out, chi2, iters, converged, singular);
        return iters;
    }

    /**
     * Fixes (in {@code damped}, {@code gRed} copy) every parameter on a bound whose current step leaves the box.
     * Returns true when a parameter was newly fixed (the step must be solved again).
     */
    private boolean freezeActive() {
        boolean changed = false;
        for (int t = 0; t < nTheta; t++) {
            double d = delta.get(t, 0);
            boolean out = (theta[t] <= lo[t] && d < 0) || (theta[t] >= hi[t] && d > 0);
            if (out && damped.get(t, t) != 1.0 || out && gStep.get(t, 0) != 0.0) {
                for (int u = 0; u < nTheta; u++) {
                    damped.set(t, u, 0);
                    damped.set(u, t, 0);
                }
                damped.set(t, t, 1.0);
                gStep.set(t, 0, 0.0);
                changed = true;
            }
        }
        return changed;
    }

    /** 2 g.delta - delta.S.delta over the free parameters (frozen ones have delta = 0). */
    private double predictedReduction() {
        double gd = 0;
        double dsd = 0;
        for (int a = 0; a < nTheta; a++) {
            double da = delta.data[a];
            if (da == 0) {
                continue;
            }
            gd += gStep.data[a] * da;
            double row = 0;
            for (int b = 0; b < nTheta; b++) {
                row += schur.unsafe_get(a, b) * delta.data[b];
            }
            dsd += da * row;
        }
        return 2 * gd - dsd;
    }

    private boolean solveDelta() {
        solveT.solve(gStep, delta);
        for (int t = 0; t < nTheta; t++) {
            if (!Double.isFinite(delta.get(t, 0))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Evaluates shapes, the optimal linear parameters and the residual at {@code th} into the trial buffers;
     * returns chi^2 (NaN when the linear block is singular).
     */
    private double evaluate(double[] th) {
        for (int k = 0; k < nLines; k++) {
            double c = th[centreIdx[k]];
            if (splitIdx[k] >= 0) {
                c += splitSign[k] * th[splitIdx[k]];
            }
            shape.evaluate(f, m, c, th[widthIdx[k]], eta, sTry, dcTry, dwTry, k * m);
        }
        // amplitude columns: -(sum of the shapes sharing the amplitude), sqrt(w)-scaled
        java.util.Arrays.fill(ampTry, 0);
        for (int k = 0; k < nLines; k++) {
            int ao = ampIdx[k] * m;
            int so = k * m;
            if (weighted) {
                for (int i = 0; i < m; i++) {
                    ampTry[ao + i] -= sqrtW[i] * sTry[so + i];
                }
            } else {
                for (int i = 0; i < m; i++) {
                    ampTry[ao + i] -= sTry[so + i];
                }
            }
        }
        double[] g = gTry.data;
        for (int a = 0; a < nBase; a++) {
            for (int b = 0; b < nBase; b++) {
                g[a * p + b] = gBase[a * nBase + b];
            }
            bVec.data[a] = bBase[a];
        }
        for (int a = 0; a < nAmp; a++) {
            int ra = nBase + a;
            for (int b = 0; b < nBase; b++) {
                double v = dot(ampTry, a * m, baseCols, b * m, m);
                g[ra * p + b] = v;
                g[b * p + ra] = v;
            }
            for (int b = 0; b <= a; b++) {
                double v = dot(ampTry, a * m, ampTry, b * m, m);
                g[ra * p + nBase + b] = v;
                g[(nBase + b) * p + ra] = v;
            }
            bVec.data[ra] = dot(ampTry, a * m, y, 0, m);
        }
        gWork.setTo(gTry);
        if (!solveP.setA(gWork)) {
            return Double.NaN;
        }
        solveP.solve(bVec, alphaTry);
        double[] al = alphaTry.data;
        for (int i = 0; i < m; i++) {
            rTry[i] = y[i];
        }
        for (int j = 0; j < nBase; j++) {
            axpy(-al[j], baseCols, j * m, rTry, m);
        }
        for (int j = 0; j < nAmp; j++) {
            axpy(-al[nBase + j], ampTry, j * m, rTry, m);
        }
        double chi2 = dot(rTry, 0, rTry, 0, m);
        return Double.isFinite(chi2) ? chi2 : Double.NaN;
    }

    /** Makes the trial buffers current (swap, no copy of the large arrays). */
    private void acceptTrial() {
        double[] t = sCur;
        sCur = sTry;
        sTry = t;
        t = dcCur;
        dcCur = dcTry;
        dcTry = t;
        t = dwCur;
        dwCur = dwTry;
        dwTry = t;
        t = ampCur;
        ampCur = ampTry;
        ampTry = t;
        t = rCur;
        rCur = rTry;
        rTry = t;
        gCur.setTo(gTry);
        alphaCur.setTo(alphaTry);
    }

    /**
     * Builds the nonlinear Jacobian, the blocks of J^T J and J^T r, and the Schur complement at the current point.
     * Requires solveP to hold the factorisation of gCur (true right after evaluate + acceptTrial). False if
     * singular.
     */
    private boolean buildNormal() {
        computeBlocks(false);
        return schurFromBlocks();
    }

    /**
     * Fills the nonlinear Jacobian and the blocks A_tt, A_at, g_t, g_a at the current point. With
     * {@code exact = false} the theta-theta and theta-alpha products run over each column's window only
     * (an approximate Hessian for the LM step); the gradients are always exact.
     */
    private void computeBlocks(boolean exact) {
        double[] al = alphaCur.data;
        if (!model.tiedPairs() && !weighted) {
            // fast path: every theta column belongs to exactly one line, no weights
            for (int k = 0; k < nLines; k++) {
                double amp = -al[nBase + ampIdx[k]];
                int so = k * m;
                int co = centreIdx[k] * m;
                int wo = widthIdx[k] * m;
                for (int i = 0; i < m; i++) {
                    jac[co + i] = amp * dcCur[so + i];
                    jac[wo + i] = amp * dwCur[so + i];
                }
            }
            blockProducts(exact);
            return;
        }
        java.util.Arrays.fill(jac, 0);
        for (int k = 0; k < nLines; k++) {
            double amp = al[nBase + ampIdx[k]];
            int so = k * m;
            int co = centreIdx[k] * m;
            int wo = widthIdx[k] * m;
            // d model / d c = -A ds/dc ; d model / d w = -A ds/dw (model = baseline - sum A s)
            for (int i = 0; i < m; i++) {
                double sw = sqrtW[i] * amp;
                jac[co + i] -= sw * dcCur[so + i];
                jac[wo + i] -= sw * dwCur[so + i];
            }
            if (splitIdx[k] >= 0) {
                int eo = splitIdx[k] * m;
                double sg = splitSign[k];
                for (int i = 0; i < m; i++) {
                    jac[eo + i] -= sg * sqrtW[i] * amp * dcCur[so + i];
                }
            }
        }
        blockProducts(exact);
    }

    /** The products of the Jacobian columns (windowed unless exact) and the exact gradients. */
    private void blockProducts(boolean exact) {
        setWindows(exact);
        for (int a = 0; a < nTheta; a++) {
            int la = colLo[a];
            int ha = colHi[a];
            for (int b = 0; b <= a; b++) {
                int l = Math.max(la, colLo[b]);
                int h = Math.min(ha, colHi[b]);
                double v = h > l ? dot(jac, a * m + l, jac, b * m + l, h - l) : 0.0;
                att.unsafe_set(a, b, v);
                att.unsafe_set(b, a, v);
            }
            for (int j = 0; j < nBase; j++) {
                aat.unsafe_set(j, a, dot(jac, a * m + la, baseCols, j * m + la, ha - la));
            }
            for (int j = 0; j < nAmp; j++) {
                int l = Math.max(la, ampLo[j]);
                int h = Math.min(ha, ampHi[j]);
                aat.unsafe_set(nBase + j, a, h > l ? dot(jac, a * m + l, ampCur, j * m + l, h - l) : 0.0);
            }
            gTheta.data[a] = dot(jac, a * m, rCur, 0, m);
        }
    }

    /** Point windows of every theta column (the whole sweep when exact). */
    private void setWindows(boolean exact) {
        if (exact) {
            java.util.Arrays.fill(colLo, 0);
            java.util.Arrays.fill(colHi, m);
            java.util.Arrays.fill(ampLo, 0);
            java.util.Arrays.fill(ampHi, m);
            return;
        }
        java.util.Arrays.fill(colLo, m);
        java.util.Arrays.fill(colHi, 0);
        java.util.Arrays.fill(ampLo, m);
        java.util.Arrays.fill(ampHi, 0);
        for (int k = 0; k < nLines; k++) {
            double c = theta[centreIdx[k]] + (splitIdx[k] >= 0 ? splitSign[k] * theta[splitIdx[k]] : 0);
            double r = HESSIAN_WINDOW_FWHM * theta[widthIdx[k]];
            int l = lowerIndex(c - r);
            int h = lowerIndex(c + r);
            widen(centreIdx[k], l, h);
            widen(widthIdx[k], l, h);
            ampLo[ampIdx[k]] = Math.min(ampLo[ampIdx[k]], l);
            ampHi[ampIdx[k]] = Math.max(ampHi[ampIdx[k]], h);
            if (splitIdx[k] >= 0) {
                widen(splitIdx[k], l, h);
            }
        }
    }

    private void widen(int col, int l, int h) {
        colLo[col] = Math.min(colLo[col], l);
        colHi[col] = Math.max(colHi[col], h);
    }

    /** First index i with f[i] >= v (binary search on the increasing axis), in [0, m]. */
    private int lowerIndex(double v) {
        int a = 0;
        int b = m;
        while (a < b) {
            int mid = (a + b) >>> 1;
            if (f[mid] < v) {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        return a;
    }

    /** Schur complement S and reduced gradient from the blocks; solveP must hold gCur. False if not finite. */
    private boolean schurFromBlocks() {
        // X = G^-1 A_at ; S = A_tt - A_at^T X
        solveP.solve(aat, xMat);
        // g_a = Phi^T r vanishes at the linear optimum (alpha solves the normal equations), so gRed = g_t
        for (int a = 0; a < nTheta; a++) {
            gRed.data[a] = gTheta.data[a];
            for (int b = 0; b <= a; b++) {
                double s = att.unsafe_get(a, b);
                for (int j = 0; j < p; j++) {
                    s -= aat.unsafe_get(j, a) * xMat.unsafe_get(j, b);
                }
                schur.unsafe_set(a, b, s);
                schur.unsafe_set(b, a, s);
            }
        }
        for (int i = 0; i < schur.data.length; i++) {
            if (!Double.isFinite(schur.data[i])) {
                return false;
            }
        }
        return true;
    }

    /** Covariance, derived quantities, status. */
    private void finish(FitResult out, double chi2, int iters, boolean converged, boolean singular) {
        out.clear(nLines, nBase);
        if (!singular) {
            computeBlocks(true); // exact J^T J for the covariance
        }
        int dof = m - n;
        double red = chi2 / dof;
        // full normal matrix in [theta, alpha] order
        for (int a = 0; a < nTheta; a++) {
            for (int b = 0; b < nTheta; b++) {
                normal.unsafe_set(a, b, att.unsafe_get(a, b));
            }
            for (int j = 0; j < p; j++) {
                double v = aat.unsafe_get(j, a);
                normal.unsafe_set(a, nTheta + j, v);
                normal.unsafe_set(nTheta + j, a, v);
            }
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                normal.unsafe_set(nTheta + i, nTheta + j, gCur.unsafe_get(i, j));
            }
        }
        boolean covOk = !singular && solveN.setA(normal);
        if (covOk) {
            solveN.invert(cov);
            double scale = red > 0 ? red : 0;
            for (int i = 0; i < n * n; i++) {
                cov.data[i] *= scale;
            }
            for (int i = 0; i < n; i++) {
                if (!(cov.unsafe_get(i, i) >= 0) || !Double.isFinite(cov.unsafe_get(i, i))) {
                    covOk = false;
                }
            }
        }
        double[] al = alphaCur.data;
        boolean atBound = false;
        for (int t = 0; t < nTheta; t++) {
            double tol = 1e-9 * (hi[t] - lo[t]);
            if (theta[t] <= lo[t] + tol || theta[t] >= hi[t] - tol) {
                atBound = true;
            }
        }
        boolean low = false;
        for (int k = 0; k < nLines; k++) {
            int ci = centreIdx[k];
            int ei = splitIdx[k];
            double c = theta[ci] + (ei >= 0 ? splitSign[k] * theta[ei] : 0);
            double w = theta[widthIdx[k]];
            int ai = nTheta + nBase + ampIdx[k];
            double amp = al[nBase + ampIdx[k]];
            double xc = (c - fMid) / halfSpan;
            double base = 0;
            double dBase = 0; // d baseline / d c
            double xp = 1;
            for (int j = 0; j < nBase; j++) {
                base += al[j] * xp;
                if (j + 1 < nBase) {
                    dBase += (j + 1) * al[j + 1] * xp / halfSpan;
                }
                xp *= xc;
            }
            double contrast = amp / base;
            out.centreMhz[k] = c;
            out.fwhmMhz[k] = w;
            out.amplitude[k] = amp;
            out.contrast[k] = contrast;
            if (covOk) {
                double vc = cov.unsafe_get(ci, ci);
                if (ei >= 0) {
                    vc += cov.unsafe_get(ei, ei) + 2 * splitSign[k] * cov.unsafe_get(ci, ei);
                }
                out.centreErrMhz[k] = Math.sqrt(Math.max(vc, 0));
                out.fwhmErrMhz[k] = Math.sqrt(cov.unsafe_get(widthIdx[k], widthIdx[k]));
                // contrast = A / P(c): gradient over (A, baseline coefficients, centre parameters)
                java.util.Arrays.fill(gradBuf, 0);
                gradBuf[ai] = 1.0 / base;
                xp = 1;
                for (int j = 0; j < nBase; j++) {
                    gradBuf[nTheta + j] = -amp * xp / (base * base);
                    xp *= xc;
                }
                double dcdc = -amp * dBase / (base * base);
                gradBuf[ci] += dcdc;
                if (ei >= 0) {
                    gradBuf[ei] += splitSign[k] * dcdc;
                }
                out.contrastErr[k] = Math.sqrt(Math.max(quadForm(gradBuf), 0));
            }
            if (!(contrast >= settings.minContrast())
                || (covOk && contrast < settings.minContrastSnr() * out.contrastErr[k])) {
                low = true;
            }
        }
        double hp = 1;
        for (int j = 0; j < nBase; j++) {
            out.baseline[j] = al[j] / hp;
            out.baselineErr[j] = covOk ? Math.sqrt(cov.unsafe_get(nTheta + j, nTheta + j)) / hp : Double.NaN;
            hp *= halfSpan;
        }
        out.sortLines();
        FitStatus status;
        if (singular || !covOk) {
            status = FitStatus.SINGULAR;
        } else if (!converged) {
            status = FitStatus.NOT_CONVERGED;
        } else if (atBound) {
            status = FitStatus.AT_BOUND;
        } else if (low) {
            status = FitStatus.LOW_CONTRAST;
        } else {
            status = FitStatus.OK;
        }
        out.set(status, chi2, red, iters);
    }

    private double quadForm(double[] g) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            if (g[i] == 0) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                if (g[j] != 0) {
                    s += g[i] * cov.unsafe_get(i, j) * g[j];
                }
            }
        }
        return s;
    }

    /**
     * Test hook: the unweighted model and its full Jacobian (columns theta..., baseline..., amplitudes...,
     * column-major, m values per column) at given nonlinear and linear parameters. Allocates; not for hot loops.
     */
    void modelAndJacobian(double[] freqsMhz, double[] th, double[] alpha, double[] modelOut, double[] jacOut) {
        for (int i = 0; i < m; i++) {
            f[i] = freqsMhz[i];
            rawY[i] = 1;
        }
        fMid = 0.5 * (f[0] + f[m - 1]);
        halfSpan = 0.5 * (f[m - 1] - f[0]);
        setWeights(null);
        evaluate(th);
        acceptTrial();
        System.arraycopy(alpha, 0, alphaCur.data, 0, p);
        buildNormal();
        for (int i = 0; i < m; i++) {
            double v = 0;
            for (int j = 0; j < nBase; j++) {
                v += alpha[j] * baseCols[j * m + i];
            }
            for (int j = 0; j < nAmp; j++) {
                v += alpha[nBase + j] * ampCur[j * m + i];
            }
            modelOut[i] = v;
        }
        System.arraycopy(jac, 0, jacOut, 0, nTheta * m);
        System.arraycopy(baseCols, 0, jacOut, nTheta * m, nBase * m);
        System.arraycopy(ampCur, 0, jacOut, (nTheta + nBase) * m, nAmp * m);
    }

    /** Dot product of a[ao..ao+len) and b[bo..bo+len) ({@link org.culet.kernel.linalg.Dot}). */
    static double dot(double[] a, int ao, double[] b, int bo, int len) {
        return org.culet.kernel.linalg.Dot.dot(a, ao, b, bo, len);
    }

    private static void axpy(double alpha, double[] x, int xo, double[] yv, int len) {
        for (int i = 0; i < len; i++) {
            yv[i] += alpha * x[xo + i];
        }
    }
}
