package org.culet.kernel.nv;

/**
 * A symmetric stress tensor in GPa, in the lab frame (Z = anvil axis) unless a method says otherwise.
 * Sign convention: compressive stress is POSITIVE (the high-pressure community's convention, physics.md
 * Section 3), so a hydrostatic pressure P is {@code (P, P, P, 0, 0, 0)}.
 * Component order follows Voigt notation as used on the command line: XX, YY, ZZ, YZ, XZ, XY.
 */
public record StressTensor(double xxGpa, double yyGpa, double zzGpa, double yzGpa, double xzGpa, double xyGpa) {

    public static final StressTensor ZERO = new StressTensor(0, 0, 0, 0, 0, 0);

    public static StressTensor hydrostatic(double pressureGpa) {
        return new StressTensor(pressureGpa, pressureGpa, pressureGpa, 0, 0, 0);
    }

    /** From Voigt order XX, YY, ZZ, YZ, XZ, XY (GPa). */
    public static StressTensor fromVoigt(double[] voigtGpa) {
        if (voigtGpa.length != 6) {
            throw new IllegalArgumentException("a stress tensor needs 6 components XX,YY,ZZ,YZ,XZ,XY in GPa, got " + voigtGpa.length);
        }
        return new StressTensor(voigtGpa[0], voigtGpa[1], voigtGpa[2], voigtGpa[3], voigtGpa[4], voigtGpa[5]);
    }

    public double[] toVoigt() {
        return new double[] {xxGpa, yyGpa, zzGpa, yzGpa, xzGpa, xyGpa};
    }

    /** Writes the full 3x3 tensor, row-major, into {@code out9} (mutated). */
    public void toMatrix(double[] out9) {
        out9[0] = xxGpa; out9[1] = xyGpa; out9[2] = xzGpa;
        out9[3] = xyGpa; out9[4] = yyGpa; out9[5] = yzGpa;
        out9[6] = xzGpa; out9[7] = yzGpa; out9[8] = zzGpa;
    }
}
