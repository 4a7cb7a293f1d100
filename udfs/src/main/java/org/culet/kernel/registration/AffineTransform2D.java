package org.culet.kernel.registration;

/**
 * A 2-D affine map p' = A p + t in pixel coordinates (x = column, y = row, pixel centres at integers):
 * x' = a11 x + a12 y + tx, y' = a21 x + a22 y + ty. Immutable.
 */
public record AffineTransform2D(double a11, double a12, double a21, double a22, double tx, double ty) {

    public static final AffineTransform2D IDENTITY = new AffineTransform2D(1, 0, 0, 1, 0, 0);

    /** Similarity: isotropic scale, rotation (radians, counter-clockwise in (x, y)), shift. */
    public static AffineTransform2D similarity(double scale, double rotationRad, double tx, double ty) {
        double c = scale * Math.cos(rotationRad);
        double s = scale * Math.sin(rotationRad);
        return new AffineTransform2D(c, -s, s, c, tx, ty);
    }

    public double applyX(double x, double y) {
        return a11 * x + a12 * y + tx;
    }

    public double applyY(double x, double y) {
        return a21 * x + a22 * y + ty;
    }

    public double determinant() {
        return a11 * a22 - a12 * a21;
    }

    /** The inverse map (NaN entries when singular). */
    public AffineTransform2D inverse() {
        double det = determinant();
        double i11 = a22 / det;
        double i12 = -a12 / det;
        double i21 = -a21 / det;
        double i22 = a11 / det;
        return new AffineTransform2D(i11, i12, i21, i22, -(i11 * tx + i12 * ty), -(i21 * tx + i22 * ty));
    }

    /** this after other: p -> this(other(p)). */
    public AffineTransform2D compose(AffineTransform2D other) {
        return new AffineTransform2D(
            a11 * other.a11 + a12 * other.a21, a11 * other.a12 + a12 * other.a22,
            a21 * other.a11 + a22 * other.a21, a21 * other.a12 + a22 * other.a22,
            a11 * other.tx + a12 * other.ty + tx, a21 * other.tx + a22 * other.ty + ty);
    }

    /** Isotropic scale sqrt(|det A|). */
    public double scale() {
        return Math.sqrt(Math.abs(determinant()));
    }

    /** (a11, a12, a21, a22, tx, ty). */
    public double[] toArray() {
        return new double[] {a11, a12, a21, a22, tx, ty};
    }

    public static AffineTransform2D fromArray(double[] p) {
        return new AffineTransform2D(p[0], p[1], p[2], p[3], p[4], p[5]);
    }
}
