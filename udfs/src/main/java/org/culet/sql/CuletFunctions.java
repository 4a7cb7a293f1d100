package org.culet.sql;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF11;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.culet.kernel.nv.CuletOrientation;
import org.culet.kernel.nv.D0Model;
import org.culet.kernel.nv.NvConstants;
import org.culet.kernel.nv.NvHamiltonian;
import org.culet.kernel.nv.StressTensor;

/**
 * The culet Spark SQL functions, registered in one place. Each is a thin wrapper around a kernel
 * ({@code org.culet.kernel..}) with the constants of the run's configuration; a null argument gives null.
 *
 * <ul>
 *   <li>{@code nv_lines(culet STRING, bx, by, bz DOUBLE, sxx, syy, szz, syz, sxz, sxy DOUBLE, d0_mhz DOUBLE)
 *       -> ARRAY<DOUBLE>}: the 8 NV transition frequencies in MHz (group 1 f-, f+, ..., group 4 f-, f+) for a
 *       lab field in gauss and a lab stress in GPa (compressive positive), from the exact Hamiltonian
 *       ({@link NvHamiltonian}, physics.md Sections 3-4). culet is '111' or '100'.</li>
 *   <li>{@code field_from_e(e_mhz, m_perp_mhz) -> DOUBLE}: B_par in gauss from the on-axis half-splitting E and
 *       the transverse stress term, gamma B_par = sqrt(E^2 - M_perp^2) (physics.md Section 5); null when
 *       E^2 < M_perp^2 (no real solution).</li>
 *   <li>{@code tau_max(sigma_zz_gpa, sigma_perp_gpa) -> DOUBLE}: |sigma_ZZ - sigma_perp| / 2, GPa.</li>
 *   <li>{@code tau_interface(sigma_xz_gpa, sigma_yz_gpa) -> DOUBLE}: sqrt(sigma_XZ^2 + sigma_YZ^2), GPa.</li>
 *   <li>{@code sigma_from_d(d_on_mhz, d_off_mhz, d0_mhz) -> STRUCT<sigma_zz_gpa, sigma_perp_gpa>}: the first-order
 *       2x2 solve of physics.md Section 5 for a 111 culet: D_on - D0 and D_off - D0 (the on-axis and the mean
 *       off-axis D) are linear in sigma_ZZ and an axisymmetric in-plane sigma_perp, with coefficients from the
 *       configured stress constants (-2.54, 17.12; 7.33, 7.25 MHz/GPa by default; determinant about -144).
 *       D_off must be free of the second-order shift of a transverse field (low field, or corrected).</li>
 *   <li>{@code d0_mhz(temperature_k) -> DOUBLE}: the configured D0(T) model, MHz.</li>
 * </ul>
 */
public final class CuletFunctions {
    /** Every function this class registers, with its signature (for help texts and the README). */
    public static final List<String> SIGNATURES = List.of(
        "nv_lines(culet STRING, bx_gauss, by_gauss, bz_gauss DOUBLE, sxx_gpa, syy_gpa, szz_gpa, syz_gpa, sxz_gpa, "
            + "sxy_gpa DOUBLE, d0_mhz DOUBLE) -> ARRAY<DOUBLE> (8 frequencies, MHz)",
        "field_from_e(e_mhz DOUBLE, m_perp_mhz DOUBLE) -> DOUBLE (B_par, gauss)",
        "tau_max(sigma_zz_gpa DOUBLE, sigma_perp_gpa DOUBLE) -> DOUBLE (GPa)",
        "tau_interface(sigma_xz_gpa DOUBLE, sigma_yz_gpa DOUBLE) -> DOUBLE (GPa)",
        "sigma_from_d(d_on_mhz DOUBLE, d_off_mhz DOUBLE, d0_mhz DOUBLE) -> STRUCT<sigma_zz_gpa DOUBLE, "
            + "sigma_perp_gpa DOUBLE> (111 culet, first order)",
        "d0_mhz(temperature_k DOUBLE) -> DOUBLE (MHz)");

    /** Result type of sigma_from_d. */
    public static final StructType SIGMA_STRUCT = DataTypes.createStructType(List.of(
        DataTypes.createStructField("sigma_zz_gpa", DataTypes.DoubleType, true),
        DataTypes.createStructField("sigma_perp_gpa", DataTypes.DoubleType, true)));

    private CuletFunctions() {
    }

    /** Registers every function with the constants of {@code culet.physics} (the {@code culet} subtree). */
    public static List<String> register(SparkSession spark, Config culet) {
        Config physics = culet.getConfig("physics");
        return register(spark, NvConstants.fromConfig(physics), D0Model.fromConfig(physics));
    }

    /** Registers every function with the given constants; returns the function names. */
    public static List<String> register(SparkSession spark, NvConstants constants, D0Model d0Model) {
        Constants c = new Constants(constants);
        var udf = spark.udf();
        // Inputs are declared Object and converted by num(): Java UDFs carry no input types, so Spark passes SQL
        // literals as they are (1.5 is a DECIMAL, 2 an INT); this accepts every numeric type.
        udf.register("nv_lines", new NvLines(c), DataTypes.createArrayType(DataTypes.DoubleType, false));
        double gamma = constants.gammaMhzPerGauss();
        udf.register("field_from_e", (UDF2<Object, Object, Double>) (eIn, mIn) -> {
            Double e = num("field_from_e", eIn);
            Double m = num("field_from_e", mIn);
            if (e == null || m == null) {
                return null;
            }
            double g2 = e * e - m * m;
            return g2 < 0 ? null : Math.sqrt(g2) / gamma;
        }, DataTypes.DoubleType);
        udf.register("tau_max", (UDF2<Object, Object, Double>) (zzIn, perpIn) -> {
            Double zz = num("tau_max", zzIn);
            Double perp = num("tau_max", perpIn);
            return zz == null || perp == null ? null : Math.abs(zz - perp) / 2;
        }, DataTypes.DoubleType);
        udf.register("tau_interface", (UDF2<Object, Object, Double>) (xzIn, yzIn) -> {
            Double xz = num("tau_interface", xzIn);
            Double yz = num("tau_interface", yzIn);
            return xz == null || yz == null ? null : Math.hypot(xz, yz);
        }, DataTypes.DoubleType);
        FirstOrderStress solve = FirstOrderStress.of(constants);
        udf.register("sigma_from_d", (UDF3<Object, Object, Object, Row>) (onIn, offIn, d0In) -> {
            Double dOn = num("sigma_from_d", onIn);
            Double dOff = num("sigma_from_d", offIn);
            Double d0 = num("sigma_from_d", d0In);
            if (dOn == null || dOff == null || d0 == null) {
                return null;
            }
            double[] s = solve.solve(dOn - d0, dOff - d0);
            return RowFactory.create(s[0], s[1]);
        }, SIGMA_STRUCT);
        // D0Model is not Serializable: ship its fields and rebuild it on the executor.
        D0Model.Kind kind = d0Model.kind();
        double d0ZeroK = d0Model.d0ZeroKelvinMhz();
        double amplitude = d0Model.amplitudeMhz();
        double thetaK = d0Model.einsteinTemperatureK();
        udf.register("d0_mhz", (UDF1<Object, Double>) tIn -> {
            Double t = num("d0_mhz", tIn);
            return t == null ? null : new D0Model(kind, d0ZeroK, amplitude, thetaK).d0Mhz(t);
        }, DataTypes.DoubleType);
        List<String> names = new ArrayList<>();
        for (String s : SIGNATURES) {
            names.add(s.substring(0, s.indexOf('(')));
        }
        return names;
    }

    /**
     * A numeric SQL argument as a double (null stays null).
     *
     * @throws IllegalArgumentException naming the function when the argument is not a number
     */
    static Double num(String function, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(function + " expects numbers, got '" + value + "' ("
            + value.getClass().getSimpleName() + ")");
    }

    /** NvConstants as plain serializable fields (the record itself is not Serializable). */
    record Constants(double gamma, double a1, double a2, double b, double c, boolean flip) implements Serializable {
        Constants(NvConstants k) {
            this(k.gammaMhzPerGauss(), k.a1MhzPerGpa(), k.a2MhzPerGpa(), k.bMhzPerGpa(), k.cMhzPerGpa(), k.flipFrameX());
        }

        NvConstants toNv() {
            return new NvConstants(gamma, a1, a2, b, c, flip);
        }
    }

    /**
     * First-order stress from the on-axis and off-axis D shifts of a 111 culet (physics.md Section 5):
     * [dD_on, dD_off] = A [sigma_ZZ, sigma_perp], with A's columns the Mz response of group 1 (on-axis) and
     * group 2 (off-axis; all three are equivalent for axisymmetric stress) to a unit lab sigma_ZZ and a unit
     * sigma_XX = sigma_YY, computed by the kernel's own stress rotation, so the frame convention is shared.
     */
    record FirstOrderStress(double onZz, double onPerp, double offZz, double offPerp) implements Serializable {
        static FirstOrderStress of(NvConstants constants) {
            NvHamiltonian h = new NvHamiltonian(constants, CuletOrientation.C111);
            double[] m = new double[3];
            StressTensor zz = new StressTensor(0, 0, 1, 0, 0, 0);
            StressTensor perp = new StressTensor(1, 1, 0, 0, 0, 0);
            h.stressCouplings(0, zz, m);
            double onZz = m[0];
            h.stressCouplings(0, perp, m);
            double onPerp = m[0];
            h.stressCouplings(1, zz, m);
            double offZz = m[0];
            h.stressCouplings(1, perp, m);
            double offPerp = m[0];
            return new FirstOrderStress(onZz, onPerp, offZz, offPerp);
        }

        double determinant() {
            return onZz * offPerp - onPerp * offZz;
        }

        /** {sigma_zz_gpa, sigma_perp_gpa} for the D shifts (MHz) by Cramer's rule. */
        double[] solve(double dOnMhz, double dOffMhz) {
            double det = determinant();
            return new double[] {(dOnMhz * offPerp - onPerp * dOffMhz) / det, (onZz * dOffMhz - dOnMhz * offZz) / det};
        }
    }

    /** nv_lines: one Hamiltonian per orientation per thread (it owns scratch arrays). */
    static final class NvLines implements UDF11<Object, Object, Object, Object, Object, Object, Object, Object, Object,
        Object, Object, List<Double>> {
        private static final long serialVersionUID = 1L;
        private final Constants constants;
        private transient ThreadLocal<NvHamiltonian[]> perThread;

        NvLines(Constants constants) {
            this.constants = constants;
        }

        private synchronized ThreadLocal<NvHamiltonian[]> hamiltonians() {
            if (perThread == null) {
                perThread = ThreadLocal.withInitial(() -> new NvHamiltonian[CuletOrientation.values().length]);
            }
            return perThread;
        }

        @Override
        public List<Double> call(Object culet, Object bxIn, Object byIn, Object bzIn, Object sxxIn, Object syyIn,
                                 Object szzIn, Object syzIn, Object sxzIn, Object sxyIn, Object d0In) {
            Double bx = num("nv_lines", bxIn);
            Double by = num("nv_lines", byIn);
            Double bz = num("nv_lines", bzIn);
            Double sxx = num("nv_lines", sxxIn);
            Double syy = num("nv_lines", syyIn);
            Double szz = num("nv_lines", szzIn);
            Double syz = num("nv_lines", syzIn);
            Double sxz = num("nv_lines", sxzIn);
            Double sxy = num("nv_lines", sxyIn);
            Double d0 = num("nv_lines", d0In);
            if (culet == null || bx == null || by == null || bz == null || sxx == null || syy == null || szz == null
                || syz == null || sxz == null || sxy == null || d0 == null) {
                return null;
            }
            CuletOrientation orientation = CuletOrientation.parse(String.valueOf(culet));
            NvHamiltonian[] cache = hamiltonians().get();
            NvHamiltonian h = cache[orientation.ordinal()];
            if (h == null) {
                h = new NvHamiltonian(constants.toNv(), orientation);
                cache[orientation.ordinal()] = h;
            }
            double[] lines = new double[NvHamiltonian.LINES];
            h.transitions(bx, by, bz, new StressTensor(sxx, syy, szz, syz, sxz, sxy), d0, lines);
            List<Double> out = new ArrayList<>(lines.length);
            for (double f : lines) {
                out.add(f);
            }
            return out;
        }
    }
}
