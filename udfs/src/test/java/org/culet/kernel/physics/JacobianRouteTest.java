package org.culet.kernel.physics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.culet.kernel.nv.CuletOrientation;
import org.culet.kernel.nv.D0Model;
import org.culet.kernel.nv.NvConstants;
import org.culet.kernel.nv.StressTensor;
import org.junit.jupiter.api.Test;

/**
 * The two Jacobian routes of {@link FieldStressInverter} ({@code culet.physics.inversion.jacobian}) give the same
 * results: statuses, assignments, component states, values and sigmas, on the synthetic pixels of
 * {@link PixelPhysicsKernelTest} (same seeds), of {@link InversionModelsTest}'s models and of the field fit at a known
 * stress ({@link FieldAtStressTest}), and at zero field where levels are degenerate.
 *
 * <p>Tolerance: both routes iterate with the same forward-difference slopes to O(h^2) (about 1e-8 relative) and
 * differ at the solution by the O(h^2) error of the central differences, but each stops when chi^2 drops by less
 * than 1e-10 chi^2 + 1e-8, i.e. anywhere within ~1e-4 sigma of the minimum along well-determined directions and
 * further along flat ones (prior-dominated shear), so two stopping points of the same fit can differ by ~1e-3 sigma.
 * 1e-2 sigma for values (and 1e-2 relative for sigmas) is far above that and far below anything the accuracy tests
 * resolve (their targets are 0.7-1.3 sigma); a wrong derivative (a factor, a sign, a frame) moves the solution or its
 * sigma by order 1.
 */
class JacobianRouteTest {
    static final double D0 = PixelPhysicsKernelTest.D0;
    static final double VALUE_TOLERANCE_SIGMAS = 1e-2;
    static final double SIGMA_RELATIVE_TOLERANCE = 1e-2;

    static PixelPhysicsKernel kernel(CuletOrientation o, InversionSettings s, InversionSettings.Jacobian route) {
        return new PixelPhysicsKernel(NvConstants.DEFAULT, D0Model.DEFAULT, o, s.withJacobian(route));
    }

    static void assertSame(InversionResult analytic, InversionResult fd, String what) {
        assertThat(analytic.status).as("status of %s", what).isEqualTo(fd.status);
        assertThat(analytic.assignment.sameMapping(fd.assignment)).as("assignment of %s: %s vs %s", what,
            analytic.assignment, fd.assignment).isTrue();
        assertThat(analytic.dof).as("dof of %s", what).isEqualTo(fd.dof);
        for (int q = 0; q < InversionResult.QUANTITIES; q++) {
            String name = what + " " + InversionResult.NAMES[q];
            assertThat(analytic.state[q]).as("state of %s", name).isEqualTo(fd.state[q]);
            if (Double.isNaN(fd.value[q])) {
                assertThat(analytic.value[q]).as(name).isNaN();
                continue;
            }
            double scale = Math.max(fd.sigma[q], 1e-6);
            assertThat(Math.abs(analytic.value[q] - fd.value[q])).as("value of %s: %s vs %s (sigma %s)", name,
                analytic.value[q], fd.value[q], fd.sigma[q]).isLessThanOrEqualTo(VALUE_TOLERANCE_SIGMAS * scale);
            if (Double.isNaN(fd.sigma[q])) {
                assertThat(analytic.sigma[q]).as(name).isNaN();
            } else {
                assertThat(Math.abs(analytic.sigma[q] - fd.sigma[q])).as("sigma of %s: %s vs %s", name,
                    analytic.sigma[q], fd.sigma[q]).isLessThanOrEqualTo(SIGMA_RELATIVE_TOLERANCE * scale);
            }
        }
    }

    /** PixelPhysicsKernelTest.run's pixels (same generator and seed), solved by both routes. */
    static int compareKernelRun(CuletOrientation o, int pixels, long seed, double mergeMhz) {
        PixelPhysicsKernel ka = kernel(o, PixelPhysicsKernelTest.SETTINGS, InversionSettings.Jacobian.ANALYTIC);
        PixelPhysicsKernel kf = kernel(o, PixelPhysicsKernelTest.SETTINGS, InversionSettings.Jacobian.FINITE_DIFFERENCE);
        Random rnd = new Random(seed);
        SyntheticLines gen = new SyntheticLines(o);
        FittedLines lines = new FittedLines();
        InversionResult a = new InversionResult();
        InversionResult f = new InversionResult();
        double[] sig = new double[8];
        int withValues = 0;
        for (int i = 0; i < pixels; i++) {
            double[] t = SyntheticLines.randomTruth(rnd);
            for (int j = 0; j < 8; j++) {
                sig[j] = 0.05 + 0.25 * rnd.nextDouble();
            }
            SyntheticLines.noisy(gen.lines(t, D0), sig, rnd, mergeMhz, lines);
            double bz = t[0] * (0.9 + 0.2 * rnd.nextDouble());
            ka.solve(lines, 0, 0, bz, D0, a);
            kf.solve(lines, 0, 0, bz, D0, f);
            assertSame(a, f, o + " pixel " + i + " (seed " + seed + ", merge " + mergeMhz + ")");
            withValues += f.status.hasValues() ? 1 : 0;
        }
        return withValues;
    }

    @Test
    void resolvedPixelsGiveTheSameResults() {
        assertThat(compareKernelRun(CuletOrientation.C111, 300, 42L, 0.0)).isGreaterThan(290);
    }

    @Test
    void mergedPixelsGiveTheSameResults() {
        assertThat(compareKernelRun(CuletOrientation.C111, 300, 7L, 10.0)).isGreaterThan(290);
    }

    @Test
    void hundredCuletPixelsGiveTheSameResults() {
        assertThat(compareKernelRun(CuletOrientation.C100, 100, 5L, 0.0)).isGreaterThan(90);
    }

    /** The vector field and the full in-plane stress model (InversionModelsTest's lines), direct inversions. */
    @Test
    void vectorFieldAndFullInPlaneModelsGiveTheSameResults() {
        Random rnd = new Random(17);
        for (int i = 0; i < 40; i++) {
            double bx = 30 * (rnd.nextDouble() - 0.5);
            double by = 30 * (rnd.nextDouble() - 0.5);
            double bz = 40 + 60 * rnd.nextDouble();
            double szz = 5 + 20 * rnd.nextDouble();
            double sp = szz + 4 * (rnd.nextDouble() - 0.5);
            double dev = 2 * (rnd.nextDouble() - 0.5);
            StressTensor s = new StressTensor(sp + dev, sp - dev, szz, 1.5 * (rnd.nextDouble() - 0.5),
                1.5 * (rnd.nextDouble() - 0.5), 1.5 * (rnd.nextDouble() - 0.5));
            FittedLines lines = InversionModelsTest.lines(bx, by, bz, s, 100 + i);
            for (InversionSettings.FieldModel fm : InversionSettings.FieldModel.values()) {
                for (InversionSettings.StressModel sm : InversionSettings.StressModel.values()) {
                    InversionSettings settings = InversionModelsTest.with(fm, sm);
                    InversionResult a = new InversionResult();
                    InversionResult f = new InversionResult();
                    kernel(CuletOrientation.C111, settings, InversionSettings.Jacobian.ANALYTIC).solve(lines, 0, 0, bz, D0, a);
                    kernel(CuletOrientation.C111, settings, InversionSettings.Jacobian.FINITE_DIFFERENCE).solve(lines, 0, 0, bz, D0, f);
                    assertSame(a, f, "pixel " + i + " " + fm + " " + sm);
                }
            }
        }
    }

    /** The field fit at a known stress (field-only inverters, along-bias and vector) with an in-plane stray field. */
    @Test
    void fieldAtKnownStressGivesTheSameResults() {
        PixelPhysicsKernel ka = kernel(CuletOrientation.C111, PixelPhysicsKernelTest.SETTINGS, InversionSettings.Jacobian.ANALYTIC);
        PixelPhysicsKernel kf = kernel(CuletOrientation.C111, PixelPhysicsKernelTest.SETTINGS, InversionSettings.Jacobian.FINITE_DIFFERENCE);
        SyntheticLines synth = new SyntheticLines(CuletOrientation.C111);
        Random rnd = new Random(11);
        InversionResult a = new InversionResult();
        InversionResult f = new InversionResult();
        double[] l = new double[8];
        for (int i = 0; i < 100; i++) {
            double bApplied = 40 + 60 * rnd.nextDouble();
            double bz = bApplied * (0.6 + 0.5 * rnd.nextDouble());
            double phi = 2 * Math.PI * rnd.nextDouble();
            double bPerp = 20 * rnd.nextDouble();
            double szz = 5 + 20 * rnd.nextDouble();
            double sperp = szz + 4 * (rnd.nextDouble() - 0.5);
            double sxz = 0.8 * (rnd.nextDouble() - 0.5);
            double syz = 0.8 * (rnd.nextDouble() - 0.5);
            synth.hamiltonian.transitions(bPerp * Math.cos(phi), bPerp * Math.sin(phi), bz,
                new StressTensor(sperp, sperp, szz, syz, sxz, 0), D0, l);
            double[] sig = new double[8];
            java.util.Arrays.fill(sig, 0.1);
            FittedLines lines = new FittedLines();
            SyntheticLines.noisy(l, sig, rnd, i % 2 == 0 ? 0.0 : 5.0, lines);
            boolean okA = ka.solveAtStress(lines, 0, 0, bApplied, D0, szz, sperp, sxz, syz, a);
            boolean okF = kf.solveAtStress(lines, 0, 0, bApplied, D0, szz, sperp, sxz, syz, f);
            assertThat(okA).as("pixel %d", i).isEqualTo(okF);
            assertSame(a, f, "field at stress, pixel " + i);
        }
    }

    /**
     * Zero field and no shear, sigma_ZZ != sigma_perp: the on-axis group's upper levels coincide exactly (no field, no
     * transverse stress), so Hellmann-Feynman is undefined at the start point and the analytic route falls back to
     * finite differences there; the off-axis groups are split by the transverse stress of sigma_perp - sigma_ZZ. Same
     * result as the finite-difference route (the normal stresses recovered; B flagged UNIDENTIFIED by both, the lines
 * being even in B at zero field).
     */
    @Test
    void degenerateStartAtZeroFieldGivesTheSameResults() {
        SyntheticLines gen = new SyntheticLines(CuletOrientation.C111);
        double[] exact = new double[8];
        gen.hamiltonian.transitions(0, 0, 0, new StressTensor(10, 10, 14, 0, 0, 0), D0, exact);
        assertThat(exact[1] - exact[0]).as("on-axis splitting at zero field and no shear").isLessThan(1e-6);
        assertThat(exact[3] - exact[2]).as("off-axis splitting").isGreaterThan(10);
        // fitted lines: off-axis f- (3 transitions), on-axis pair (2), off-axis f+ (3), in ascending order
        double[] centres = {exact[2], 0.5 * (exact[0] + exact[1]), exact[3]};
        int[] order = {0, 1, 2};
        if (centres[1] < centres[0]) {
            order = new int[] {1, 0, 2};
        } else if (centres[1] > centres[2]) {
            order = new int[] {0, 2, 1};
        }
        FittedLines lines = new FittedLines();
        int[] indexOf = new int[3];
        for (int i = 0; i < 3; i++) {
            lines.add(centres[order[i]] + 0.01 * (i - 1), 0.1, 10, 0.01);
            indexOf[order[i]] = i;
        }
        LineAssignment assignment = new LineAssignment();
        assignment.reset(3, AssignmentStatus.DEGENERATE);
        assignment.fittedIndex[0] = indexOf[1];
        assignment.fittedIndex[1] = indexOf[1];
        for (int g = 1; g < 4; g++) {
            assignment.fittedIndex[2 * g] = indexOf[0];
            assignment.fittedIndex[2 * g + 1] = indexOf[2];
        }
        assignment.recount();
        double[] start9 = {0, 0, 0, 14, 10, 0, 0, 0, 0};
        for (boolean fieldOnly : new boolean[] {false, true}) {
            InversionResult a = new InversionResult();
            InversionResult f = new InversionResult();
            InversionSettings s = PixelPhysicsKernelTest.SETTINGS;
            new FieldStressInverter(NvConstants.DEFAULT, CuletOrientation.C111,
                s.withJacobian(InversionSettings.Jacobian.ANALYTIC), fieldOnly).invert(lines, assignment, 0, 0, 1, start9, D0, a);
            new FieldStressInverter(NvConstants.DEFAULT, CuletOrientation.C111,
                s.withJacobian(InversionSettings.Jacobian.FINITE_DIFFERENCE), fieldOnly).invert(lines, assignment, 0, 0, 1, start9, D0, f);
            assertThat(f.status.hasValues()).as("finite-difference status %s, fieldOnly %s", f.status, fieldOnly).isTrue();
            if (!fieldOnly) {
                // the normal stresses are determined (B is not: at zero field the lines are even in B)
                assertThat(a.sigmaZzGpa()).as("%s", a).isCloseTo(14, org.assertj.core.api.Assertions.within(0.05));
                assertThat(a.sigmaPerpGpa()).as("%s", a).isCloseTo(10, org.assertj.core.api.Assertions.within(0.05));
            }
            assertSame(a, f, "zero field, fieldOnly " + fieldOnly);
        }
    }

    /** {@link FieldStressInverter#invert} allocates nothing with either route (HotSpot's per-thread counter). */
    @Test
    void invertAllocatesNothing() {
        int n = 40;
        FittedLines[] pixels = new FittedLines[n];
        LineAssignment[] assignments = new LineAssignment[n];
        double[][] starts = new double[n][9];
        Random rnd = new Random(3);
        SyntheticLines gen = new SyntheticLines(CuletOrientation.C111);
        PixelPhysicsKernel k = PixelPhysicsKernelTest.kernel(CuletOrientation.C111);
        InversionResult r = new InversionResult();
        double[] sig = new double[8];
        for (int i = 0; i < n; i++) {
            double[] t = SyntheticLines.randomTruth(rnd);
            for (int j = 0; j < 8; j++) {
                sig[j] = 0.05 + 0.25 * rnd.nextDouble();
            }
            pixels[i] = new FittedLines();
            SyntheticLines.noisy(gen.lines(t, D0), sig, rnd, i % 2 == 0 ? 0.0 : 10.0, pixels[i]);
            k.solve(pixels[i], 0, 0, t[0], D0, r);
            assignments[i] = new LineAssignment();
            assignments[i].copyFrom(r.assignment);
            starts[i] = new double[] {0, 0, t[0], t[1], t[2], 0, 0, 0, 0};
        }
        for (InversionSettings.Jacobian route : InversionSettings.Jacobian.values()) {
            FieldStressInverter inverter = new FieldStressInverter(NvConstants.DEFAULT, CuletOrientation.C111,
                PixelPhysicsKernelTest.SETTINGS.withJacobian(route));
            InversionResult out = new InversionResult();
            Runnable pass = () -> {
                for (int i = 0; i < n; i++) {
                    if (assignments[i].status().usable()) {
                        inverter.invert(pixels[i], assignments[i], 0, 0, 1, starts[i], D0, out);
                    }
                }
            };
            long allocated = org.culet.kernel.AllocationProbe.fewestBytesPerPass(pass);
            assertThat(allocated).as("bytes allocated by %d inversions (%s)", n, route).isLessThan(1024);
        }
    }
}
