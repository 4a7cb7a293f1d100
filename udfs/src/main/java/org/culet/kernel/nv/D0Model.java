package org.culet.kernel.nv;

import com.typesafe.config.Config;
import java.util.Locale;

/**
 * Temperature dependence of the NV zero-field splitting D0(T), in MHz, at zero stress.
 *
 * <p>Model EINSTEIN (default): a single effective phonon mode, D0(T) = D0(0) - A n(T), with
 * n(T) = 1 / (exp(theta/T) - 1) the Bose-Einstein occupation (the phonon-occupation form of
 * Doherty et al., PRB 90, 041201(R) (2014)). The reference.conf defaults (D0(0) = 2877.33 MHz,
 * A = 98.1 MHz, theta = 800 K) reproduce the figures of physics.md Section 3: D0(300 K) = 2870.0 MHz,
 * dD0/dT(300 K) = -0.070 MHz/K, and a change below 0.13 MHz between 0 and 120 K.
 * Model CONSTANT: D0(T) = D0(0) for every T (use it with a measured reference D0).
 *
 * <p>Immutable.
 */
public record D0Model(Kind kind, double d0ZeroKelvinMhz, double amplitudeMhz, double einsteinTemperatureK) {

    public enum Kind { EINSTEIN, CONSTANT }

    public static final D0Model DEFAULT = new D0Model(Kind.EINSTEIN, 2877.33, 98.1, 800.0);

    public static D0Model fromConfig(Config physics) {
        Config d0 = physics.getConfig("d0");
        return new D0Model(
            Kind.valueOf(d0.getString("model").toUpperCase(Locale.ROOT)),
            d0.getDouble("zero-kelvin-mhz"),
            d0.getDouble("amplitude-mhz"),
            d0.getDouble("einstein-temperature-k"));
    }

    /** D0 in MHz at {@code temperatureK} (K, >= 0). */
    public double d0Mhz(double temperatureK) {
        if (kind == Kind.CONSTANT || temperatureK <= 0) {
            return d0ZeroKelvinMhz;
        }
        double x = einsteinTemperatureK / temperatureK;
        if (x > 700) {
            return d0ZeroKelvinMhz; // exp overflows; the occupation is 0 to double precision
        }
        return d0ZeroKelvinMhz - amplitudeMhz / Math.expm1(x);
    }
}
