package org.culet.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.culet.kernel.nv.CuletOrientation;
import org.culet.kernel.nv.D0Model;
import org.culet.kernel.nv.NvConstants;
import org.culet.kernel.nv.NvHamiltonian;
import org.culet.kernel.nv.StressTensor;
import org.culet.spark.SharedSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SQL functions through Spark SQL, against direct kernel calls and physics.md numbers. */
class CuletFunctionsTest {
    static SparkSession spark;

    @BeforeAll
    static void register() {
        spark = SharedSpark.session();
        assertThat(CuletFunctions.register(spark, SharedSpark.config().culet()))
            .containsExactly("nv_lines", "field_from_e", "tau_max", "tau_interface", "sigma_from_d", "d0_mhz");
    }

    private static Row one(String sql) {
        return spark.sql(sql).first();
    }

    private static String lit(double v) {
        return String.format(Locale.ROOT, "CAST(%.17g AS DOUBLE)", v);
    }

    @Test
    void nvLinesEqualsTheKernel() {
        Random rnd = new Random(5);
        for (CuletOrientation o : CuletOrientation.values()) {
            NvHamiltonian h = new NvHamiltonian(NvConstants.DEFAULT, o);
            for (int k = 0; k < 4; k++) {
                double[] b = {rnd.nextGaussian() * 40, rnd.nextGaussian() * 40, 50 + rnd.nextDouble() * 150};
                double[] s = new double[6];
                for (int i = 0; i < 6; i++) {
                    s[i] = (i < 3 ? 10 : 0) + rnd.nextGaussian() * 3;
                }
                double d0 = 2870 + rnd.nextDouble();
                double[] expected = new double[8];
                h.transitions(b[0], b[1], b[2], StressTensor.fromVoigt(s), d0, expected);
                StringBuilder args = new StringBuilder("'" + o.label() + "'");
                for (double v : b) {
                    args.append(", ").append(lit(v));
                }
                for (double v : s) {
                    args.append(", ").append(lit(v));
                }
                args.append(", ").append(lit(d0));
                List<Double> got = one("SELECT nv_lines(" + args + ") AS f").getList(0);
                assertThat(got).hasSize(8);
                for (int i = 0; i < 8; i++) {
                    assertThat(got.get(i)).isEqualTo(expected[i], within(1e-9));
                }
            }
        }
        assertThat(one("SELECT nv_lines('111', NULL, 0, 0, 0, 0, 0, 0, 0, 0, 2870.0)").isNullAt(0)).isTrue();
    }

    @Test
    void fieldFromEInvertsTheExactOnAxisSplitting() {
        // On-axis group, B along Z and a shear traction s_XZ: the exact levels are 0 and D +- sqrt((gB)^2 + Mperp^2).
        NvHamiltonian h = new NvHamiltonian(NvConstants.DEFAULT, CuletOrientation.C111);
        StressTensor stress = new StressTensor(8, 8, 12, 0, 1.5, 0);
        double[] lines = new double[8];
        h.transitions(0, 0, 137.0, stress, 2870, lines);
        double[] m = new double[3];
        h.stressCouplings(0, stress, m);
        double mPerp = Math.hypot(m[1], m[2]);
        assertThat(mPerp).isEqualTo(1.5 * 11.46, within(0.01)); // physics.md Section 4: 11.46 MHz/GPa
        double e = (lines[1] - lines[0]) / 2;
        Row r = one("SELECT field_from_e(" + lit(e) + ", " + lit(mPerp) + "), field_from_e(" + lit(e) + ", 0.0), "
            + "field_from_e(10.0, 20.0), field_from_e(280.25, 0.0)");
        assertThat(r.getDouble(0)).isEqualTo(137.0, within(1e-9));
        assertThat(r.getDouble(1)).isGreaterThan(137.0); // ignoring the stress term overestimates B
        assertThat(r.isNullAt(2)).isTrue();                // E < M_perp: no real field
        assertThat(r.getDouble(3)).isEqualTo(100.0, within(1e-12)); // 280.25 MHz / 2.8025 MHz/G
    }

    @Test
    void shearHelpers() {
        Row r = one("SELECT tau_max(10.0, 6.0), tau_max(6.0, 10.0), tau_interface(3.0, 4.0), tau_max(NULL, 1.0)");
        assertThat(r.getDouble(0)).isEqualTo(2.0);
        assertThat(r.getDouble(1)).isEqualTo(2.0);
        assertThat(r.getDouble(2)).isEqualTo(5.0, within(1e-15));
        assertThat(r.isNullAt(3)).isTrue();
    }

    @Test
    void sigmaFromDRecoversAxisymmetricStressFromExactZeroFieldLines() {
        // At zero field the exact levels are 0 and D0 + Mz +- |Mperp|, so D = (f+ + f-)/2 is exactly D0 + Mz and the
        // first-order solve must return the input stress.
        NvHamiltonian h = new NvHamiltonian(NvConstants.DEFAULT, CuletOrientation.C111);
        double d0 = 2870.0;
        double szz = 12.0;
        double sperp = 7.0;
        double[] lines = new double[8];
        h.transitions(0, 0, 0, new StressTensor(sperp, sperp, szz, 0, 0, 0), d0, lines);
        double dOn = (lines[0] + lines[1]) / 2;
        double dOff = (lines[2] + lines[3] + lines[4] + lines[5] + lines[6] + lines[7]) / 6;
        Row s = one("SELECT sigma_from_d(" + lit(dOn) + ", " + lit(dOff) + ", " + lit(d0) + ") AS s").getStruct(0);
        assertThat((Double) s.getAs("sigma_zz_gpa")).isEqualTo(szz, within(1e-9));
        assertThat((Double) s.getAs("sigma_perp_gpa")).isEqualTo(sperp, within(1e-9));
        // physics.md Section 4 table: 1 GPa of s_ZZ moves D_on by -2.54 and D_off by 7.33 MHz (2-decimal table).
        Row unit = one("SELECT sigma_from_d(2870.0 - 2.54, 2870.0 + 7.33, 2870.0) AS s").getStruct(0);
        assertThat((Double) unit.getAs("sigma_zz_gpa")).isEqualTo(1.0, within(0.002));
        assertThat((Double) unit.getAs("sigma_perp_gpa")).isEqualTo(0.0, within(0.002));
        // Determinant about 144 (MHz/GPa)^2 (physics.md Section 5).
        assertThat(Math.abs(CuletFunctions.FirstOrderStress.of(NvConstants.DEFAULT).determinant()))
            .isEqualTo(144, within(0.5));
    }

    @Test
    void d0FollowsTheConfiguredModel() {
        Row r = one("SELECT d0_mhz(300.0), d0_mhz(20.0)");
        assertThat(r.getDouble(0)).isEqualTo(D0Model.DEFAULT.d0Mhz(300), within(1e-12));
        assertThat(r.getDouble(0)).isEqualTo(2870.0, within(0.05)); // physics.md Section 3
        assertThat(r.getDouble(1)).isEqualTo(D0Model.DEFAULT.d0Mhz(20), within(1e-12));
        try {
            CuletFunctions.register(spark, NvConstants.DEFAULT, new D0Model(D0Model.Kind.CONSTANT, 2881.5, 0, 1));
            assertThat(one("SELECT d0_mhz(300.0)").getDouble(0)).isEqualTo(2881.5);
        } finally {
            CuletFunctions.register(spark, SharedSpark.config().culet());
        }
    }
}
