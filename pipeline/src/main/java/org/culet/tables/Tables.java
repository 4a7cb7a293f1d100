package org.culet.tables;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Every culet table, defined once. Column names carry their unit ({@code _gauss}, {@code _gpa}, {@code _k},
 * {@code _mhz}, {@code _px}, {@code _um}, {@code _at_pct}, {@code _s}); dimensionless columns say so in their
 * description. Every table starts with the partition columns {@code sample_id} and {@code pressure_gpa} (the
 * warehouse stores them as hive-style folders), and per-pixel tables keep {@code tile_id} so a region can be
 * traced to the task that produced it.
 *
 * <p>Schema evolution is additive: a new schema version may only add nullable columns (declared with
 * {@code added(version, ...)}); readers fill the columns an older partition lacks with nulls and refuse a
 * partition written by a newer schema version ({@link TableReader}).
 *
 * <p>Design choice for per-line and per-NV-group quantities: arrays, not numbered columns. A fit has 1 to 8
 * lines depending on the culet and the fit settings, and a culet has 4 NV groups; eight numbered column sets of
 * six quantities would be mostly null for a 2-line fit and would fix the maximum in the schema. Arrays keep one
 * schema for every configuration, are stored compactly by Parquet, and read naturally in SQL
 * ({@code line_center_mhz[0]}, {@code posexplode}) and in DuckDB (lists, 1-based). Element k of every
 * {@code line_*} array is the same line (lines sorted by centre frequency); element g of every per-group array is
 * NV group g+1 in the order of physics.md Section 4 (group 1 of a 111 culet is on-axis).
 */
public final class Tables {
    /**
     * Version of the table schemas. Written into every manifest; bump it when a column is added (with
     * {@code added(newVersion, ...)}, nullable) and describe the change in the README catalogue's history.
     */
    public static final int SCHEMA_VERSION = 2;

    public static final String SAMPLE_ID = "sample_id";
    public static final String PRESSURE_GPA = "pressure_gpa";
    public static final String TILE_ID = "tile_id";
    public static final String PIXEL_Y = "pixel_y";
    public static final String PIXEL_X = "pixel_x";
    public static final String SWEEP_ID = "sweep_id";
    public static final String STATUS = "status";

    private static final ArrayType DOUBLES = createArrayType(DoubleType, true);
    private static final ArrayType STRINGS = createArrayType(StringType, false);

    private Tables() {
    }

    private static TableDef.Builder start(String name, String description) {
        return TableDef.builder(name, description)
            .partition(SAMPLE_ID, StringType, "", "sample identifier from acquisition.conf (letters, digits, . _ -)")
            .partition(PRESSURE_GPA, DoubleType, "GPa", "nominal cell pressure of the acquisition");
    }

    private static TableDef.Builder pixel(TableDef.Builder b) {
        return b.key(TILE_ID, IntegerType, "", "tile that owns the pixel (row-major over the tile grid, TilePlanner)")
            .key(PIXEL_Y, IntegerType, "", "pixel row index on the ODMR camera grid (0 = first row)")
            .key(PIXEL_X, IntegerType, "", "pixel column index on the ODMR camera grid (0 = first column)");
    }

    /** One row per sweep of the acquisition. */
    public static final TableDef SWEEPS = start("sweeps", "one row per sweep: conditions, frequency axis, source file")
        .key(SWEEP_ID, StringType, "", "sweep id from sweeps.csv")
        .required("file", StringType, "", "sweep file, relative to the acquisition folder")
        .col("file_sha256", StringType, "", "SHA-256 of the sweep file (hex)")
        .required("protocol", StringType, "", "ZFC, FC, REMANENT, STRESS_REFERENCE, ...")
        .required("temperature_k", DoubleType, "K", "sample temperature during the sweep")
        .col("coil_current_a", DoubleType, "A", "coil current")
        .col("applied_field_gauss", DoubleType, "gauss", "applied (unscreened) field along the bias direction")
        .col("n_freq", IntegerType, "", "number of frequency points")
        .col("freq_start_mhz", DoubleType, "MHz", "first frequency of the sweep")
        .col("freq_stop_mhz", DoubleType, "MHz", "last frequency of the sweep")
        .col("frequency_axis_mhz", DOUBLES, "MHz", "the full frequency axis")
        .col("exposure_s", DoubleType, "s", "camera exposure per frame")
        .col("averages", IntegerType, "", "number of averaged sweeps per frame")
        .col("d0_mhz", DoubleType, "MHz", "zero-field splitting D0(T) used as the stress reference for this sweep")
        .required(STATUS, StringType, "", "OK, or QUARANTINED (then the quarantine table says why)")
        .build();

    /** Spectral fit results: one row per sweep x pixel. */
    public static final TableDef PIXEL_FITS = pixel(start("pixel_fits",
        "per sweep x pixel: fitted ODMR lines (sorted by centre), baseline, chi2, status")
        .key(SWEEP_ID, StringType, "", "sweep id (join with sweeps)"))
        .required("n_lines", IntegerType, "", "number of fitted lines (1 to 8); the length of every line_* array")
        .col("line_shape", StringType, "", "LORENTZIAN, GAUSSIAN or VOIGT")
        .col("line_center_mhz", DOUBLES, "MHz", "line centres, ascending")
        .col("line_center_err_mhz", DOUBLES, "MHz", "1-sigma uncertainty of each centre (covariance x reduced chi2)")
        .col("line_fwhm_mhz", DOUBLES, "MHz", "full width at half maximum of each line")
        .col("line_fwhm_err_mhz", DOUBLES, "MHz", "1-sigma uncertainty of each width")
        .col("line_contrast", DOUBLES, "1", "fractional dip depth of each line (dimensionless, 0.007 = 0.7 %)")
        .col("line_contrast_err", DOUBLES, "1", "1-sigma uncertainty of each contrast (dimensionless)")
        .col("baseline_model", StringType, "", "CONSTANT, LINEAR or QUADRATIC")
        .col("baseline_coefficients", DOUBLES, "counts/MHz^k",
            "baseline polynomial c_k of sum c_k (f - sweep centre)^k, constant term first; f in MHz, counts")
        .col("chi2", DoubleType, "1", "chi-squared of the fit (dimensionless; weighted by the noise model)")
        .col("reduced_chi2", DoubleType, "1", "chi2 / degrees of freedom (dimensionless)")
        .col("iterations", IntegerType, "", "Levenberg-Marquardt iterations")
        .col("seed_source", StringType, "", "where the start values came from: NEIGHBOUR, TILE_AVERAGE, PEAKS")
        .required(STATUS, StringType, "", "OK, NOT_CONVERGED, SINGULAR, LOW_CONTRAST, AT_BOUND, BAD_INPUT, MASKED")
        .build();

    /** Field and stress per sweep x pixel. */
    public static final TableDef PIXEL_PHYSICS = pixel(start("pixel_physics",
        "per sweep x pixel: field, D and E per NV group, stress components, Meissner field shift")
        .key(SWEEP_ID, StringType, "", "sweep id (join with sweeps)"))
        .col("temperature_k", DoubleType, "K", "sweep temperature (copied from sweeps for convenience)")
        .col("applied_field_gauss", DoubleType, "gauss", "applied field of the sweep (copied from sweeps)")
        .col("protocol", StringType, "", "protocol of the sweep (copied from sweeps)")
        .col("d_mhz", DOUBLES, "MHz", "D = (f+ + f-)/2 per NV group (index 0 = group 1)")
        .col("d_err_mhz", DOUBLES, "MHz", "1-sigma uncertainty of D per NV group")
        .col("e_mhz", DOUBLES, "MHz", "E = (f+ - f-)/2 per NV group")
        .col("e_err_mhz", DOUBLES, "MHz", "1-sigma uncertainty of E per NV group")
        .col("b_par_gauss", DoubleType, "gauss", "field along the anvil axis (on-axis NV group), physics.md Section 5")
        .col("b_par_err_gauss", DoubleType, "gauss", "1-sigma uncertainty of b_par_gauss")
        .col("b_perp_gauss", DoubleType, "gauss", "in-plane field magnitude, when the data determine it")
        .col("b_perp_err_gauss", DoubleType, "gauss", "1-sigma uncertainty of b_perp_gauss")
        .col("sigma_zz_gpa", DoubleType, "GPa", "normal stress sigma_ZZ (compressive positive; reference sweeps only, null "
            + "where method = FIELD_AT_REFERENCE_STRESS)")
        .col("sigma_zz_err_gpa", DoubleType, "GPa", "1-sigma uncertainty of sigma_zz_gpa")
        .col("sigma_perp_gpa", DoubleType, "GPa", "in-plane normal stress sigma_perp = (sigma_XX + sigma_YY)/2")
        .col("sigma_perp_err_gpa", DoubleType, "GPa", "1-sigma uncertainty of sigma_perp_gpa")
        .col("sigma_xz_gpa", DoubleType, "GPa", "shear traction sigma_XZ")
        .col("sigma_xz_err_gpa", DoubleType, "GPa", "1-sigma uncertainty of sigma_xz_gpa")
        .col("sigma_yz_gpa", DoubleType, "GPa", "shear traction sigma_YZ")
        .col("sigma_yz_err_gpa", DoubleType, "GPa", "1-sigma uncertainty of sigma_yz_gpa")
        .col("tau_max_gpa", DoubleType, "GPa", "maximum shear |sigma_ZZ - sigma_perp| / 2")
        .col("tau_max_err_gpa", DoubleType, "GPa", "1-sigma uncertainty of tau_max_gpa")
        .col("tau_interface_gpa", DoubleType, "GPa", "interface shear sqrt(sigma_XZ^2 + sigma_YZ^2)")
        .col("tau_interface_err_gpa", DoubleType, "GPa", "1-sigma uncertainty of tau_interface_gpa")
        .col("undetermined", STRINGS, "", "components the data cannot identify (their columns are null)")
        .col("d0_reference_mhz", DoubleType, "MHz", "D0 reference used for the stress inversion")
        .col("field_shift_gauss", DoubleType, "gauss", "Meissner measure B_NV - B_applied")
        .col("field_shift_err_gauss", DoubleType, "gauss", "1-sigma uncertainty of field_shift_gauss")
        .col("field_ratio", DoubleType, "1", "B_NV / B_applied (dimensionless; < 1 where flux is expelled)")
        .col("field_ratio_err", DoubleType, "1", "1-sigma uncertainty of field_ratio (dimensionless)")
        .col("inversion_chi2", DoubleType, "1", "chi-squared of the Hamiltonian inversion (dimensionless)")
        .col("method", StringType, "", "where the row's stress comes from: EXACT (reference sweeps, and pixels without a "
            + "reference stress: joint field and stress fit of the exact Hamiltonian to the line centres), EXACT_SPECTRUM "
            + "(reference sweeps: that fit refined against the whole spectrum, every transition its own dip) or "
            + "FIELD_AT_REFERENCE_STRESS (other sweeps: stress columns null); in every row of a pixel with a reference "
            + "stress the field is fitted at that stress")
        .required(STATUS, StringType, "", "OK, UNASSIGNED_LINES, FIT_FAILED, NOT_CONVERGED, ...")
        .added(2, "mz_emu_per_cm3", DoubleType, "emu/cm^3",
            "magnetization M_z reconstructed from this sweep's whole field-shift map (culet.magnetization; 4 pi M in G)")
        .added(2, "mz_err_emu_per_cm3", DoubleType, "emu/cm^3", "1-sigma uncertainty of mz_emu_per_cm3")
        .added(2, "chi_eff", DoubleType, "1",
            "effective susceptibility -4 pi M_z / B_applied (dimensionless; 1 = full screening, 0 = none)")
        .added(2, "chi_eff_err", DoubleType, "1", "1-sigma uncertainty of chi_eff (dimensionless)")
        .build();

    /** One point of a pixel's susceptibility series (one sweep with an applied field). */
    public static final StructType SUSCEPTIBILITY_POINT = createStructType(new org.apache.spark.sql.types.StructField[] {
        createStructField("sweep_id", StringType, false),
        createStructField("temperature_k", DoubleType, true),
        createStructField("applied_field_gauss", DoubleType, true),
        createStructField("protocol", StringType, true),
        createStructField("chi_eff", DoubleType, true),
        createStructField("chi_eff_err", DoubleType, true)});

    /** One point of a pixel's Meissner series (temperature series of the field measures). */
    public static final StructType MEISSNER_POINT = createStructType(new org.apache.spark.sql.types.StructField[] {
        createStructField("sweep_id", StringType, false),
        createStructField("temperature_k", DoubleType, true),
        createStructField("applied_field_gauss", DoubleType, true),
        createStructField("protocol", StringType, true),
        createStructField("field_shift_gauss", DoubleType, true),
        createStructField("field_shift_err_gauss", DoubleType, true),
        createStructField("field_ratio", DoubleType, true)});

    /** One screening-slope fit (B_NV against coil current at one temperature). */
    public static final StructType SCREENING_POINT = createStructType(new org.apache.spark.sql.types.StructField[] {
        createStructField("temperature_k", DoubleType, true),
        createStructField("protocol", StringType, true),
        createStructField("n_currents", IntegerType, true),
        createStructField("slope_ratio", DoubleType, true),
        createStructField("slope_ratio_err", DoubleType, true),
        createStructField("r2", DoubleType, true)});

    /** Per pixel: the temperature series and what is derived from it. */
    public static final TableDef PIXEL_SERIES = pixel(start("pixel_series",
        "per pixel: Meissner measure vs T, screening slopes vs T, trapped flux, local Tc"))
        .col("meissner_series", createArrayType(MEISSNER_POINT, false), "",
            "per sweep, ascending T: struct(sweep_id, temperature_k, applied_field_gauss, protocol, "
                + "field_shift_gauss, field_shift_err_gauss, field_ratio)")
        .col("screening", createArrayType(SCREENING_POINT, false), "",
            "per temperature: struct(temperature_k, protocol, n_currents, slope_ratio, slope_ratio_err, r2); "
                + "slope_ratio = fitted dB_NV/dI over the unscreened slope (1 = no screening)")
        .col("screening_slope_ratio_low_t", DoubleType, "1", "slope_ratio at the lowest temperature (dimensionless)")
        .col("screening_slope_ratio_low_t_err", DoubleType, "1", "1-sigma uncertainty of it (dimensionless)")
        .col("trapped_field_gauss", DoubleType, "gauss", "remanent field at the lowest REMANENT temperature")
        .col("trapped_field_err_gauss", DoubleType, "gauss", "1-sigma uncertainty of trapped_field_gauss")
        .col("tc_measure", StringType, "",
            "measure the Tc comes from: MAGNETIZATION (chi_eff), FIELD_SHIFT, FIELD_RATIO, SCREENING_SLOPE")
        .col("normal_state_noise", DoubleType, "", "standard deviation of the Tc measure above Tc, in its unit (G or 1)")
        .col("tc_onset_k", DoubleType, "K", "onset: highest T where the measure departs from normal by > k sigma")
        .col("tc_onset_err_k", DoubleType, "K", "1-sigma uncertainty of tc_onset_k")
        .col("tc_midpoint_k", DoubleType, "K", "midpoint: T at 50 % of the low-temperature response")
        .col("tc_midpoint_err_k", DoubleType, "K", "1-sigma uncertainty of tc_midpoint_k")
        .col("tc_fit_k", DoubleType, "K", "Tc of the fitted step N + A (1 - (T/Tc)^p): where the response vanishes")
        .col("tc_fit_err_k", DoubleType, "K", "1-sigma uncertainty of tc_fit_k")
        .col("superconducting", BooleanType, "", "true when the pixel screens (a Tc exists)")
        .required(STATUS, StringType, "", "OK, ONSET_AT_COLD_END (screens, but only the coldest point(s) depart: "
            + "onset only, a lower bound on Tc), NEVER_SCREENS, TOO_FEW_POINTS (also: no value at the coldest temperatures, "
            + "so screening cannot be excluded; superconducting null), NOISY, NO_SWEEPS")
        .added(2, "susceptibility_series", createArrayType(SUSCEPTIBILITY_POINT, false), "",
            "per sweep with an applied field, ascending T: struct(sweep_id, temperature_k, applied_field_gauss, protocol, "
                + "chi_eff, chi_eff_err) from the magnetization reconstruction")
        .added(2, "chi_eff_low_t", DoubleType, "1",
            "chi_eff of the Tc protocol at the lowest temperature, currents combined (dimensionless)")
        .added(2, "chi_eff_low_t_err", DoubleType, "1", "1-sigma uncertainty of chi_eff_low_t (dimensionless)")
        .build();

    /** Per pixel: EDX composition registered onto the ODMR grid. */
    public static final TableDef COMPOSITION = pixel(start("composition",
        "per pixel: EDX La and Ni registered onto the ODMR grid, La:Ni, registration residual"))
        .col("edx_y_px", DoubleType, "px", "pixel centre mapped into the EDX grid, row (EDX pixels)")
        .col("edx_x_px", DoubleType, "px", "pixel centre mapped into the EDX grid, column (EDX pixels)")
        .col("la_at_pct", DoubleType, "at%", "La content, atomic percent")
        .col("la_at_pct_err", DoubleType, "at%", "1-sigma counting uncertainty of la_at_pct")
        .col("ni_at_pct", DoubleType, "at%", "Ni content, atomic percent")
        .col("ni_at_pct_err", DoubleType, "at%", "1-sigma counting uncertainty of ni_at_pct")
        .col("la_ni_ratio", DoubleType, "1", "La:Ni atomic ratio (dimensionless; 1.5 for La3Ni2O7)")
        .col("la_ni_ratio_err", DoubleType, "1", "1-sigma uncertainty of la_ni_ratio")
        .col("registration_residual_px", DoubleType, "px", "RMS control-point residual of the registration, ODMR px")
        .col("on_sample", BooleanType, "", "pixel lies on the sample (registered sample outline)")
        .required(STATUS, StringType, "", "OK, OUTSIDE_EDX, NO_COUNTS, ...")
        .build();

    /** The join: one row per pixel with everything the phase diagram needs. */
    public static final TableDef PIXEL_TABLE = pixel(start("pixel_table",
        "the join, one row per pixel: position, stress, shear, field response, Tc, composition, flags"))
        .col("y_um", DoubleType, "um", "pixel centre, row direction, from the top-left of the camera field")
        .col("x_um", DoubleType, "um", "pixel centre, column direction")
        .col("on_sample", BooleanType, "", "pixel lies on the sample")
        .col("n_sweeps", IntegerType, "", "sweeps with a row for this pixel")
        .col("fit_ok_fraction", DoubleType, "1", "fraction of this pixel's sweeps whose fit status is OK")
        .col("b_par_gauss", DoubleType, "gauss", "field along the anvil axis at the stress-reference sweep")
        .col("sigma_zz_gpa", DoubleType, "GPa", "normal stress sigma_ZZ (the reference sweeps combined, culet.pipeline.physics)")
        .col("sigma_zz_err_gpa", DoubleType, "GPa", "1-sigma uncertainty of sigma_zz_gpa")
        .col("sigma_perp_gpa", DoubleType, "GPa", "in-plane normal stress")
        .col("sigma_perp_err_gpa", DoubleType, "GPa", "1-sigma uncertainty of sigma_perp_gpa")
        .col("sigma_xz_gpa", DoubleType, "GPa", "shear traction sigma_XZ")
        .col("sigma_yz_gpa", DoubleType, "GPa", "shear traction sigma_YZ")
        .col("tau_max_gpa", DoubleType, "GPa", "maximum shear |sigma_ZZ - sigma_perp| / 2")
        .col("tau_max_err_gpa", DoubleType, "GPa", "1-sigma uncertainty of tau_max_gpa")
        .col("tau_interface_gpa", DoubleType, "GPa", "interface shear sqrt(sigma_XZ^2 + sigma_YZ^2)")
        .col("tau_interface_err_gpa", DoubleType, "GPa", "1-sigma uncertainty of tau_interface_gpa")
        .col("tau_gpa", DoubleType, "GPa", "the shear measure the phase diagram uses (see tau_measure)")
        .col("tau_measure", StringType, "", "TAU_MAX or TAU_INTERFACE (configuration)")
        .col("field_shift_low_t_gauss", DoubleType, "gauss", "Meissner field shift at the lowest ZFC temperature")
        .col("field_ratio_low_t", DoubleType, "1", "B_NV / B_applied at the lowest ZFC temperature")
        .col("screening_slope_ratio_low_t", DoubleType, "1", "screening slope ratio at the lowest temperature")
        .col("trapped_field_gauss", DoubleType, "gauss", "remanent (trapped) field")
        .col("tc_onset_k", DoubleType, "K", "local Tc, onset")
        .col("tc_onset_err_k", DoubleType, "K", "1-sigma uncertainty of tc_onset_k")
        .col("tc_midpoint_k", DoubleType, "K", "local Tc, midpoint")
        .col("tc_midpoint_err_k", DoubleType, "K", "1-sigma uncertainty of tc_midpoint_k")
        .col("tc_fit_k", DoubleType, "K", "local Tc of the fitted step (where the response vanishes)")
        .col("tc_fit_err_k", DoubleType, "K", "1-sigma uncertainty of tc_fit_k")
        .col("superconducting", BooleanType, "", "pixel screens")
        .col("tc_status", StringType, "", "status of the Tc extraction (pixel_series.status)")
        .col("la_at_pct", DoubleType, "at%", "La content")
        .col("ni_at_pct", DoubleType, "at%", "Ni content")
        .col("la_ni_ratio", DoubleType, "1", "La:Ni atomic ratio (dimensionless)")
        .col("la_ni_ratio_err", DoubleType, "1", "1-sigma uncertainty of la_ni_ratio")
        .col("registration_residual_px", DoubleType, "px", "registration residual, ODMR px")
        .col("stoichiometric", BooleanType, "", "La:Ni inside the configured band around 1.5")
        .col("in_phase_diagram", BooleanType, "", "pixel passes every mask and enters phase_diagram")
        .required(STATUS, StringType, "", "OK or the first failing stage (FIT, PHYSICS, SERIES, COMPOSITION)")
        .added(2, "chi_eff_low_t", DoubleType, "1",
            "effective susceptibility at the lowest Tc-protocol temperature (magnetization reconstruction)")
        .added(2, "tc_measure", StringType, "", "measure the Tc comes from (pixel_series.tc_measure)")
        .build();

    /** Binned phase diagram. */
    public static final TableDef PHASE_DIAGRAM = start("phase_diagram",
        "per bin of (sigma_ZZ, tau) or (T, sigma_ZZ, tau): superconducting fraction with CI, median Tc, counts")
        .key("diagram", StringType, "", "SZZ_TAU (Tc per pixel) or T_SZZ_TAU (superconducting state per temperature)")
        .key("bin_index", IntegerType, "", "bin number within the diagram (row-major: T, then sigma_ZZ, then tau)")
        .col("temperature_lo_k", DoubleType, "K", "lower temperature edge (null for SZZ_TAU)")
        .col("temperature_hi_k", DoubleType, "K", "upper temperature edge (exclusive)")
        .required("sigma_zz_lo_gpa", DoubleType, "GPa", "lower sigma_ZZ edge")
        .required("sigma_zz_hi_gpa", DoubleType, "GPa", "upper sigma_ZZ edge (exclusive)")
        .required("tau_lo_gpa", DoubleType, "GPa", "lower shear edge")
        .required("tau_hi_gpa", DoubleType, "GPa", "upper shear edge (exclusive)")
        .col("tau_measure", StringType, "", "TAU_MAX or TAU_INTERFACE")
        .required("n_pixels", LongType, "", "pixels in the bin (after masks)")
        .col("n_superconducting", LongType, "", "superconducting pixels in the bin")
        .col("sc_fraction", DoubleType, "1", "superconducting fraction (dimensionless)")
        .col("sc_fraction_ci_lo", DoubleType, "1", "lower end of the binomial confidence interval")
        .col("sc_fraction_ci_hi", DoubleType, "1", "upper end of the binomial confidence interval")
        .col("ci_level", DoubleType, "1", "confidence level of the interval, e.g. 0.95")
        .col("n_tc", LongType, "", "pixels with a Tc in the bin")
        .col("tc_median_k", DoubleType, "K", "median local Tc (onset) of the bin")
        .col("tc_spread_k", DoubleType, "K", "spread of Tc: half the interquartile range")
        .build();

    /** Rejected input: what, where, why, at which stage. */
    public static final TableDef QUARANTINE = start("quarantine",
        "what was rejected (LENIENT runs), where (file, sweep, frame, pixel), why and at which stage")
        .required("stage", StringType, "", "INGEST, READ, FIT, PHYSICS, SERIES, COMPOSITION, JOIN")
        .required("reason", StringType, "", "short code, e.g. MISSING_FILE, FRAME_COUNT, NAN_FRAME, SATURATED")
        .required("scope", StringType, "", "what was rejected: ACQUISITION, SWEEP, FRAME, TILE or PIXEL")
        .col("file", StringType, "", "file concerned, relative to the acquisition folder")
        .col(SWEEP_ID, StringType, "", "sweep concerned")
        .col("frame_index", IntegerType, "", "frame concerned (0-based frequency index)")
        .col(TILE_ID, IntegerType, "", "tile concerned")
        .col(PIXEL_Y, IntegerType, "", "pixel row index concerned")
        .col(PIXEL_X, IntegerType, "", "pixel column index concerned")
        .required("detail", StringType, "", "the full message: what is wrong and how to fix it")
        .build();

    /** History of runs (nightly mode): one row per run and acquisition, appended. */
    public static final TableDef RUN_LOG = start("run_log",
        "one row per run and acquisition (appended, never replaced): what was done, with which inputs and outcome")
        .key("run_id", StringType, "", "unique run id (UTC time + random suffix)")
        .required("started_utc", TimestampType, "", "run start (UTC)")
        .col("finished_utc", TimestampType, "", "run end (UTC)")
        .required("mode", StringType, "", "RUN, OVERWRITE or NIGHTLY")
        .required("outcome", StringType, "", "PUBLISHED, UNCHANGED (skipped: same inputs) or FAILED")
        .col("inputs_sha256", StringType, "", "SHA-256 over the sorted (path, sha256) list of the inputs")
        .col("n_inputs", IntegerType, "", "number of input files")
        .col("code_version", StringType, "", "culet version that ran")
        .col("schema_version", IntegerType, "", "table schema version written")
        .col("row_counts", createMapType(StringType, LongType, false), "", "rows written per table")
        .col("n_quarantined", LongType, "", "rows in quarantine for this run")
        .col("wall_time_s", DoubleType, "s", "wall-clock time of the run")
        .col("host", StringType, "", "driver host name")
        .col("message", StringType, "", "error or note")
        .writeMode(TableDef.WriteMode.APPEND)
        .build();

    /** Every table, in catalogue order. */
    public static final List<TableDef> ALL = List.of(SWEEPS, PIXEL_FITS, PIXEL_PHYSICS, PIXEL_SERIES, COMPOSITION,
        PIXEL_TABLE, PHASE_DIAGRAM, QUARANTINE, RUN_LOG);

    /** The table called {@code name}, if any. */
    public static Optional<TableDef> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The table called {@code name}; IllegalArgumentException if culet has none. */
    public static TableDef get(String name) {
        return byName(name).orElseThrow(() -> new IllegalArgumentException("no culet table named " + name));
    }

    /** Short type name for the catalogue, e.g. {@code array<double>}. */
    static String typeName(DataType type) {
        return type.simpleString();
    }
}
