package org.culet.kernel.physics;

import com.typesafe.config.Config;
import java.util.Locale;

/**
 * Settings of line assignment and of the field/stress inversion, from {@code culet.physics.inversion}
 * in reference.conf (each key documented there with its unit). Immutable.
 */
public record InversionSettings(
    FieldModel fieldModel,
    StressModel stressModel,
    D0Source d0Source,
    double d0ReferenceMhz,
    int maxIterations,
    double relativeChi2Tolerance,
    double stepTolerance,
    double fdStepGauss,
    double fdStepGpa,
    double svdRelativeCutoff,
    double unidentifiedLoading,
    double maxSigmaGauss,
    double maxSigmaGpa,
    boolean scaleCovarianceByReducedChi2,
    double maxReducedChi2,
    double shearPriorGpa,
    double assignmentMaxResidualMhz,
    double assignmentFieldRatioMin,
    double assignmentFieldRatioMax,
    double assignmentShearSeedGpa,
    int assignmentShearSeedDirections,
    double assignmentShearPriorGpa,
    double restartReducedChi2,
    int assignmentQuickIterations,
    int assignmentKeepCandidates,
    double assignmentFieldPriorGauss,
    Jacobian jacobian) {

    /** Free field parameters. */
    public enum FieldModel {
        /** One magnitude along the applied-field direction. */
        ALONG_BIAS,
        /** Bx, By, Bz. */
        VECTOR
    }

    /** Free stress parameters. */
    public enum StressModel {
        /** sigma_ZZ, sigma_perp, sigma_XZ, sigma_YZ with sigma_XX = sigma_YY and sigma_XY = 0. */
        AXISYMMETRIC_IN_PLANE,
        /** Adds sigma_dev = (sigma_XX - sigma_YY)/2 and sigma_XY. */
        FULL_IN_PLANE
    }

    /** Source of the zero-field splitting used by the inversion. */
    public enum D0Source { MODEL, REFERENCE }

    /** How the inversion differentiates the exact model (see {@link FieldStressInverter}). */
    public enum Jacobian {
        /** Hellmann-Feynman derivatives of the eigenvalues (finite differences only where two levels coincide). */
        ANALYTIC,
        /** Finite differences with steps fd-step-gauss and fd-step-gpa (forward while iterating, central at the end). */
        FINITE_DIFFERENCE
    }

    /** The reference.conf defaults. */
    public static final InversionSettings DEFAULT = new InversionSettings(FieldModel.ALONG_BIAS,
        StressModel.AXISYMMETRIC_IN_PLANE, D0Source.MODEL, 2870.0, 40, 1e-10, 1e-9, 1e-3, 1e-4, 1e-3, 0.3,
        5.0, 1.0, false, 25.0, 2.0, 25.0, 0.1, 5.0, 1.5, 6, 2.0, 3.0, 3, 3, 10.0, Jacobian.ANALYTIC);

    /** All settings but the Jacobian route, which is the default {@link Jacobian#ANALYTIC}. */
    public InversionSettings(FieldModel fieldModel, StressModel stressModel, D0Source d0Source, double d0ReferenceMhz,
                             int maxIterations, double relativeChi2Tolerance, double stepTolerance, double fdStepGauss,
                             double fdStepGpa, double svdRelativeCutoff, double unidentifiedLoading, double maxSigmaGauss,
                             double maxSigmaGpa, boolean scaleCovarianceByReducedChi2, double maxReducedChi2,
                             double shearPriorGpa, double assignmentMaxResidualMhz, double assignmentFieldRatioMin,
                             double assignmentFieldRatioMax, double assignmentShearSeedGpa,
                             int assignmentShearSeedDirections, double assignmentShearPriorGpa,
                             double restartReducedChi2, int assignmentQuickIterations, int assignmentKeepCandidates,
                             double assignmentFieldPriorGauss) {
        this(fieldModel, stressModel, d0Source, d0ReferenceMhz, maxIterations, relativeChi2Tolerance, stepTolerance,
            fdStepGauss, fdStepGpa, svdRelativeCutoff, unidentifiedLoading, maxSigmaGauss, maxSigmaGpa,
            scaleCovarianceByReducedChi2, maxReducedChi2, shearPriorGpa, assignmentMaxResidualMhz,
            assignmentFieldRatioMin, assignmentFieldRatioMax, assignmentShearSeedGpa, assignmentShearSeedDirections,
            assignmentShearPriorGpa, restartReducedChi2, assignmentQuickIterations, assignmentKeepCandidates,
            assignmentFieldPriorGauss, Jacobian.ANALYTIC);
    }

    /** Reads {@code culet.physics.inversion} of the root configuration. */
    public static InversionSettings fromConfig(Config root) {
        Config c = root.getConfig("culet.physics.inversion");
        Config a = c.getConfig("assignment");
        return new InversionSettings(
            FieldModel.valueOf(enumName(c.getString("field-model"))),
            StressModel.valueOf(enumName(c.getString("stress-model"))),
            D0Source.valueOf(enumName(c.getString("d0-source"))),
            c.getDouble("d0-reference-mhz"),
            c.getInt("max-iterations"),
            c.getDouble("relative-chi2-tolerance"),
            c.getDouble("step-tolerance"),
            c.getDouble("fd-step-gauss"),
            c.getDouble("fd-step-gpa"),
            c.getDouble("svd-relative-cutoff"),
            c.getDouble("unidentified-loading"),
            c.getDouble("max-sigma-gauss"),
            c.getDouble("max-sigma-gpa"),
            c.getBoolean("scale-covariance-by-reduced-chi2"),
            c.getDouble("max-reduced-chi2"),
            c.getDouble("shear-prior-gpa"),
            a.getDouble("max-residual-mhz"),
            a.getDouble("field-ratio-min"),
            a.getDouble("field-ratio-max"),
            a.getDouble("shear-seed-gpa"),
            a.getInt("shear-seed-directions"),
            a.getDouble("shear-prior-gpa"),
            a.getDouble("restart-reduced-chi2"),
            a.getInt("quick-iterations"),
            a.getInt("keep-candidates"),
            a.getDouble("field-prior-gauss"),
            Jacobian.valueOf(enumName(c.getString("jacobian"))));
    }

    /** These settings with another field model. */
    public InversionSettings withFieldModel(FieldModel model) {
        return new InversionSettings(model, stressModel, d0Source, d0ReferenceMhz, maxIterations, relativeChi2Tolerance,
            stepTolerance, fdStepGauss, fdStepGpa, svdRelativeCutoff, unidentifiedLoading, maxSigmaGauss, maxSigmaGpa,
            scaleCovarianceByReducedChi2, maxReducedChi2, shearPriorGpa, assignmentMaxResidualMhz,
            assignmentFieldRatioMin, assignmentFieldRatioMax, assignmentShearSeedGpa, assignmentShearSeedDirections,
            assignmentShearPriorGpa, restartReducedChi2, assignmentQuickIterations, assignmentKeepCandidates,
            assignmentFieldPriorGauss, jacobian);
    }

    /** These settings with another Jacobian route. */
    public InversionSettings withJacobian(Jacobian route) {
        return new InversionSettings(fieldModel, stressModel, d0Source, d0ReferenceMhz, maxIterations,
            relativeChi2Tolerance, stepTolerance, fdStepGauss, fdStepGpa, svdRelativeCutoff, unidentifiedLoading,
            maxSigmaGauss, maxSigmaGpa, scaleCovarianceByReducedChi2, maxReducedChi2, shearPriorGpa,
            assignmentMaxResidualMhz, assignmentFieldRatioMin, assignmentFieldRatioMax, assignmentShearSeedGpa,
            assignmentShearSeedDirections, assignmentShearPriorGpa, restartReducedChi2, assignmentQuickIterations,
            assignmentKeepCandidates, assignmentFieldPriorGauss, route);
    }

    static String enumName(String configValue) {
        return configValue.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
