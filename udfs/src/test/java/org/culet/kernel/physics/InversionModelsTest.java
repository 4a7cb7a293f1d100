package org.culet.kernel.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.culet.kernel.nv.CuletOrientation;
import org.culet.kernel.nv.D0Model;
import org.culet.kernel.nv.NvConstants;
import org.culet.kernel.nv.NvHamiltonian;
import org.culet.kernel.nv.StressTensor;
import org.culet.kernel.physics.InversionResult.ComponentState;
import org.junit.jupiter.api.Test;

/** The optional field and stress models: the vector field, and the in-plane deviatoric stress. */
class InversionModelsTest {
    static InversionSettings with(InversionSettings.FieldModel f, InversionSettings.StressModel s) {
        InversionSettings d = PixelPhysicsKernelTest.SETTINGS;
        return new InversionSettings(f, s, d.d0Source(), d.d0ReferenceMhz(), d.maxIterations(), d.relativeChi2Tolerance(),
            d.stepTolerance(), d.fdStepGauss(), d.fdStepGpa(), d.svdRelativeCutoff(), d.unidentifiedLoading(),
            d.maxSigmaGauss(), d.maxSigmaGpa(), d.scaleCovarianceByReducedChi2(), d.maxReducedChi2(), d.shearPriorGpa(),
            d.assignmentMaxResidualMhz(), d.assignmentFieldRatioMin(), d.assignmentFieldRatioMax(),
            d.assignmentShearSeedGpa(), d.assignmentShearSeedDirections(), d.assignmentShearPriorGpa(),
            d.restartReducedChi2(), d.assignmentQuickIterations(), d.assignmentKeepCandidates(),
            d.assignmentFieldPriorGauss());
    }

    static FittedLines lines(double bx, double by, double bz, StressTensor s, long seed) {
        NvHamiltonian h = new NvHamiltonian(NvConstants.DEFAULT, CuletOrientation.C111, NvHamiltonian.Solver.EJML);
        double[] f = new double[8];
        h.transitions(bx, by, bz, s, 2870, f);
        Arrays.sort(f);
        Random rnd = new Random(seed);
        FittedLines l = new FittedLines();
        for (double v : f) {
            l.add(v + 0.05 * rnd.nextGaussian(), 0.05, 10, 0.01);
        }
        return l;
    }

    @Test
    void vectorFieldModelRecoversATiltedFieldOrFlagsIt() {
        PixelPhysicsKernel k = new PixelPhysicsKernel(NvConstants.DEFAULT, D0Model.DEFAULT, CuletOrientation.C111,
            with(InversionSettings.FieldModel.VECTOR, InversionSettings.StressModel.AXISYMMETRIC_IN_PLANE));
        StressTensor s = new StressTensor(13, 13, 16, 0.6, -0.9, 0);
        FittedLines l = lines(12, -7, 85, s, 3);
        InversionResult r = new InversionResult();
        k.solve(l, 12, -7, 85, 2870, r);
        System.out.println("vector: " + r);
        assertThat(r.status).isIn(InversionStatus.OK, InversionStatus.PARTIAL);
        assertThat(r.value[InversionResult.BZ]).isCloseTo(85, within(4 * r.sigma[InversionResult.BZ] + 0.05));
        assertThat(r.sigmaZzGpa()).isCloseTo(16, within(4 * r.sigma[InversionResult.SIGMA_ZZ] + 0.01));
        for (int q : new int[] {InversionResult.BX, InversionResult.BY}) {
            if (r.state[q] == ComponentState.FITTED) {
                double truth = q == InversionResult.BX ? 12 : -7;
                assertThat(r.value[q]).isCloseTo(truth, within(4 * r.sigma[q] + 0.05));
            } else {
                assertThat(r.value[q]).isNaN();
            }
        }
    }

    @Test
    void fullInPlaneModelFlagsWhatTheLinesCannotSeparate() {
        PixelPhysicsKernel k = new PixelPhysicsKernel(NvConstants.DEFAULT, D0Model.DEFAULT, CuletOrientation.C111,
            with(InversionSettings.FieldModel.ALONG_BIAS, InversionSettings.StressModel.FULL_IN_PLANE));
        StressTensor s = new StressTensor(14, 12, 16, 0.6, -0.9, 0.4);
        FittedLines l = lines(0, 0, 90, s, 4);
        InversionResult r = new InversionResult();
        k.solve(l, 0, 0, 90, 2870, r);
        System.out.println("full in-plane: " + r);
        assertThat(r.status).isIn(InversionStatus.OK, InversionStatus.PARTIAL);
        assertThat(r.bParGauss()).isCloseTo(90, within(0.3));
        // Every reported component is flagged or matches the truth up to the C3v symmetry about Z (with the
        // field along Z, rotations by 120 degrees and the mirrors map the off-axis groups onto each other):
        // sigma_ZZ, sigma_perp and the shear magnitudes are invariant; (XZ, YZ) rotates by the angle, the
        // in-plane deviator (dev, XY) by twice the angle; the mirror Y -> -Y flips YZ and XY.
        double[] truth = {0, 0, 90, 16, 13, -0.9, 0.6, 1.0, 0.4};
        int flagged = 0;
        for (int q = InversionResult.SIGMA_ZZ; q <= InversionResult.SIGMA_XY; q++) {
            if (r.state[q] == ComponentState.UNIDENTIFIED) {
                flagged++;
                assertThat(r.value[q]).isNaN();
            }
        }
        boolean matchesAnImage = false;
        for (int m = 0; m < 2; m++) {
            for (int rot = 0; rot < 3; rot++) {
                double a = 2 * Math.PI * rot / 3;
                double xz = truth[5];
                double yz = m == 0 ? truth[6] : -truth[6];
                double dev = truth[7];
                double xy = m == 0 ? truth[8] : -truth[8];
                double[] img = truth.clone();
                img[5] = Math.cos(a) * xz - Math.sin(a) * yz;
                img[6] = Math.sin(a) * xz + Math.cos(a) * yz;
                img[7] = Math.cos(2 * a) * dev - Math.sin(2 * a) * xy;
                img[8] = Math.sin(2 * a) * dev + Math.cos(2 * a) * xy;
                boolean all = true;
                for (int q = InversionResult.SIGMA_ZZ; q <= InversionResult.SIGMA_XY; q++) {
                    all &= r.state[q] == ComponentState.UNIDENTIFIED || Math.abs(r.value[q] - img[q]) <= 4 * r.sigma[q] + 0.02;
                }
                matchesAnImage |= all;
            }
        }
        assertThat(matchesAnImage).as("solution is a symmetry image of the truth").isTrue();
        assertThat(r.tauInterfaceGpa()).isCloseTo(Math.hypot(0.9, 0.6), within(4 * r.sigma[InversionResult.TAU_INTERFACE] + 0.02));
        System.out.println("flagged stress components: " + flagged);
    }
}
