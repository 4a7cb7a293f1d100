package org.culet.kernel.registration;

/**
 * Outcome of a registration: the transform EDX pixel -> ODMR pixel, quality figures and a status. For
 * control points also the per-point residuals and the parameter covariance (for the per-pixel position
 * uncertainty). Immutable.
 *
 * @param transform        EDX (source) pixel -> ODMR pixel; null when status is not OK
 * @param status           OK, TOO_FEW_POINTS, DEGENERATE, NOT_CONVERGED, BAD_INPUT
 * @param residualRmsPx    control points: RMS distance |T(src) - dst| in ODMR px; intensity: NaN
 * @param residualsPx      control points: per-point distance in ODMR px (null for intensity)
 * @param covariance       6x6 row-major covariance of (a11, a12, a21, a22, tx, ty) (null when unknown)
 * @param ncc              intensity: normalised cross-correlation at the optimum; control points: NaN
 * @param evaluations      intensity: objective evaluations; control points: 0
 */
public record RegistrationResult(AffineTransform2D transform, Status status, double residualRmsPx,
                                 double[] residualsPx, double[] covariance, double ncc, int evaluations) {

    public enum Status { OK, TOO_FEW_POINTS, DEGENERATE, NOT_CONVERGED, BAD_INPUT }

    static RegistrationResult failed(Status status) {
        return new RegistrationResult(null, status, Double.NaN, null, null, Double.NaN, 0);
    }

    /**
     * 1-sigma uncertainty (ODMR px) of the mapped position of the EDX point (u, v), from the parameter
     * covariance: sqrt(var x' + var y'). NaN without a covariance.
     */
    public double positionSigmaPx(double u, double v) {
        if (covariance == null) {
            return Double.NaN;
        }
        double[] gx = {u, v, 0, 0, 1, 0};
        double[] gy = {0, 0, u, v, 0, 1};
        double vx = 0;
        double vy = 0;
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                vx += gx[i] * covariance[6 * i + j] * gx[j];
                vy += gy[i] * covariance[6 * i + j] * gy[j];
            }
        }
        return Math.sqrt(Math.max(0, vx) + Math.max(0, vy));
    }
}
