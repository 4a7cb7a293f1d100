package org.culet.acquisition;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.culet.config.UserException;
import org.culet.io.Location;
import org.culet.kernel.nv.CuletOrientation;

/**
 * The per-acquisition metadata of {@code acquisition.conf} (HOCON) at the top of an acquisition folder.
 * Paths are relative to the acquisition folder. Immutable (arrays are copied on the way in and out).
 *
 * @param formatVersion      layout version ({@link #FORMAT_VERSION})
 * @param sampleId           sample identifier, used to partition the output tables
 * @param material           sample material, e.g. La3Ni2O7
 * @param pressureGpa        nominal cell pressure, GPa (a sweep may override it in sweeps.csv)
 * @param culet              culet cut carrying the NV layer (111 or 100)
 * @param pixelSizeUm        ODMR camera pixel at the sample, um
 * @param coilGaussPerAmp    coil calibration, G/A
 * @param biasDirection      unit vector of the coil field in the lab frame (Z = anvil axis)
 * @param sweepsCsv          the sweep manifest, normally {@code sweeps.csv}
 * @param edxFile            EDX maps file (HDF5, see {@link EdxMaps}) or null when there is no EDX
 * @param edxPixelSizeUm     EDX pixel size, um (NaN when there is no EDX)
 * @param referenceImageFile ODMR-frame reference image (HDF5 dataset {@code image}) or null
 * @param extra              anything else per-acquisition (the {@code extra} block; may be empty)
 * @param format             how to read the sweep files (the {@code format} block; {@link SweepFormat#AUTO} when absent)
 */
public record AcquisitionSpec(int formatVersion, String sampleId, String material, double pressureGpa,
                              CuletOrientation culet, double pixelSizeUm, double coilGaussPerAmp,
                              double[] biasDirection, String sweepsCsv, String edxFile, double edxPixelSizeUm,
                              String referenceImageFile, Config extra, SweepFormat format) {

    public static final String FILE_NAME = "acquisition.conf";
    public static final int FORMAT_VERSION = 1;

    public AcquisitionSpec {
        biasDirection = biasDirection.clone();
        extra = extra == null ? ConfigFactory.empty() : extra;
        format = format == null ? SweepFormat.AUTO : format;
    }

    /** Without a format block (sweep formats inferred from the file extensions). */
    public AcquisitionSpec(int formatVersion, String sampleId, String material, double pressureGpa,
                           CuletOrientation culet, double pixelSizeUm, double coilGaussPerAmp, double[] biasDirection,
                           String sweepsCsv, String edxFile, double edxPixelSizeUm, String referenceImageFile, Config extra) {
        this(formatVersion, sampleId, material, pressureGpa, culet, pixelSizeUm, coilGaussPerAmp, biasDirection, sweepsCsv,
            edxFile, edxPixelSizeUm, referenceImageFile, extra, SweepFormat.AUTO);
    }

    @Override
    public double[] biasDirection() {
        return biasDirection.clone();
    }

    /** Loads {@code dir/acquisition.conf}; every missing or malformed key is a UserException naming it and the fix. */
    public static AcquisitionSpec load(Path dir) {
        return load(Location.of(dir));
    }

    /** Loads {@code dir/acquisition.conf} from a local folder or any Hadoop filesystem URI. */
    public static AcquisitionSpec load(Location dir) {
        Location file = dir.resolve(FILE_NAME);
        if (!file.isFile()) {
            throw new UserException("no " + FILE_NAME + " in the acquisition folder", file.toString(),
                "point culet at an acquisition folder (it holds acquisition.conf and sweeps.csv; see the README's "
                    + "'Acquisition layout')");
        }
        Config c;
        try {
            c = file.isLocal()
                ? ConfigFactory.parseFile(file.localPath().toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve()
                : ConfigFactory.parseString(file.readString(), ConfigParseOptions.defaults().setOriginDescription(file.toString()))
                    .resolve();
        } catch (IOException e) {
            throw new UserException("cannot read acquisition.conf: " + e.getMessage(), file.toString(),
                "check the file exists and is readable", e);
        } catch (ConfigException e) {
            throw new UserException("acquisition.conf is not valid HOCON: " + e.getMessage(), file.toString(),
                "fix the syntax (see the README's 'Acquisition layout' for an example)", e);
        }
        try {
            int version = c.hasPath("format-version") ? c.getInt("format-version") : FORMAT_VERSION;
            if (version > FORMAT_VERSION) {
                throw new UserException("acquisition.conf has format-version " + version + ", this culet reads up to "
                    + FORMAT_VERSION, file + " key format-version", "use a newer culet or rewrite the file in version "
                    + FORMAT_VERSION);
            }
            CuletOrientation culet;
            String culetText = c.getString("culet-orientation");
            try {
                culet = CuletOrientation.parse(culetText);
            } catch (IllegalArgumentException e) {
                throw new UserException("unknown culet-orientation '" + culetText + "'", file + " key culet-orientation",
                    "write culet-orientation = \"111\" or \"100\"");
            }
            List<Double> bias = c.getDoubleList("bias-direction");
            if (bias.size() != 3) {
                throw new UserException("bias-direction needs 3 components, got " + bias.size(),
                    file + " key bias-direction", "write bias-direction = [0, 0, 1] (lab frame, Z = anvil axis)");
            }
            double norm = Math.sqrt(bias.get(0) * bias.get(0) + bias.get(1) * bias.get(1) + bias.get(2) * bias.get(2));
            if (!(norm > 0)) {
                throw new UserException("bias-direction is the zero vector", file + " key bias-direction",
                    "give the direction of the coil field, e.g. [0, 0, 1]");
            }
            double pixel = positive(c, "pixel-size-um", file);
            String edxFile = c.hasPath("edx.file") ? c.getString("edx.file") : null;
            double edxPixel = edxFile != null ? positive(c, "edx.pixel-size-um", file) : Double.NaN;
            return new AcquisitionSpec(version, c.getString("sample-id"), c.getString("material"),
                c.getDouble("pressure-gpa"), culet, pixel, c.getDouble("coil-gauss-per-amp"),
                new double[] {bias.get(0) / norm, bias.get(1) / norm, bias.get(2) / norm},
                c.hasPath("sweeps-csv") ? c.getString("sweeps-csv") : SweepCatalog.FILE_NAME, edxFile, edxPixel,
                c.hasPath("reference-image.file") ? c.getString("reference-image.file") : null,
                c.hasPath("extra") ? c.getConfig("extra") : ConfigFactory.empty(),
                SweepFormat.fromConfig(c, file.toString()));
        } catch (ConfigException.Missing e) {
            throw new UserException("acquisition.conf lacks a required key: " + e.getMessage(), file.toString(),
                "add the key (required: sample-id, material, pressure-gpa, culet-orientation, pixel-size-um, "
                    + "coil-gauss-per-amp, bias-direction; see the README's 'Acquisition layout')", e);
        } catch (ConfigException.WrongType e) {
            throw new UserException("acquisition.conf has a value of the wrong type: " + e.getMessage(), file.toString(),
                "numbers without units or quotes (units are in the key names), text in quotes", e);
        }
    }

    private static double positive(Config c, String key, Location file) {
        double v = c.getDouble(key);
        if (!(v > 0)) {
            throw new UserException(key + " must be positive, got " + v, file + " key " + key,
                "give the size in micrometres, e.g. " + key + " = 0.5");
        }
        return v;
    }

    /** Writes this spec as {@code dir/acquisition.conf} (commented HOCON); returns the path. */
    public Path save(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# culet acquisition metadata (layout: README 'Acquisition layout'). Units are in the key names.\n");
        sb.append("format-version = ").append(formatVersion).append('\n');
        sb.append("sample-id = ").append(quote(sampleId)).append('\n');
        sb.append("material = ").append(quote(material)).append('\n');
        sb.append("# nominal cell pressure, GPa (sweeps.csv may give a per-sweep value)\n");
        sb.append("pressure-gpa = ").append(pressureGpa).append('\n');
        sb.append("# culet cut carrying the NV layer: \"111\" or \"100\"\n");
        sb.append("culet-orientation = ").append(quote(culet.label())).append('\n');
        sb.append("# ODMR camera pixel at the sample, um\n");
        sb.append("pixel-size-um = ").append(pixelSizeUm).append('\n');
        sb.append("# coil calibration, G/A, and the unit vector of the coil field (lab frame, Z = anvil axis)\n");
        sb.append("coil-gauss-per-amp = ").append(coilGaussPerAmp).append('\n');
        sb.append(String.format(Locale.ROOT, "bias-direction = [%s, %s, %s]%n", biasDirection[0], biasDirection[1],
            biasDirection[2]));
        sb.append("sweeps-csv = ").append(quote(sweepsCsv)).append('\n');
        if (edxFile != null) {
            sb.append("# EDX maps (HDF5 datasets la_at_pct, ni_at_pct, reference_image on the EDX grid)\n");
            sb.append("edx {\n  file = ").append(quote(edxFile)).append("\n  pixel-size-um = ").append(edxPixelSizeUm)
                .append("\n}\n");
        }
        if (referenceImageFile != null) {
            sb.append("# ODMR-frame reference image used for registration (HDF5 dataset image)\n");
            sb.append("reference-image {\n  file = ").append(quote(referenceImageFile)).append("\n}\n");
        }
        if (!format.isDefault()) {
            sb.append("# how to read the sweep files (README 'Sweep file formats')\n").append(format.toHocon());
        }
        if (!extra.isEmpty()) {
            sb.append("# anything else per acquisition\nextra {\n").append(extra.root().render(ConfigRenderOptions.defaults()
                .setOriginComments(false).setComments(false).setJson(false).setFormatted(true))).append("}\n");
        }
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private static String quote(String s) {
        return ConfigValueFactory.fromAnyRef(s).render(ConfigRenderOptions.concise());
    }

    /** Resolves a path of this spec against the acquisition folder. */
    public static Path resolve(Path dir, String relative) {
        return dir.resolve(relative).normalize();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AcquisitionSpec a && formatVersion == a.formatVersion && sampleId.equals(a.sampleId)
            && material.equals(a.material) && Double.compare(pressureGpa, a.pressureGpa) == 0 && culet == a.culet
            && Double.compare(pixelSizeUm, a.pixelSizeUm) == 0 && Double.compare(coilGaussPerAmp, a.coilGaussPerAmp) == 0
            && Arrays.equals(biasDirection, a.biasDirection) && sweepsCsv.equals(a.sweepsCsv)
            && java.util.Objects.equals(edxFile, a.edxFile) && Double.compare(edxPixelSizeUm, a.edxPixelSizeUm) == 0
            && java.util.Objects.equals(referenceImageFile, a.referenceImageFile) && extra.equals(a.extra)
            && format.equals(a.format);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(sampleId, pressureGpa, culet, pixelSizeUm);
    }
}
