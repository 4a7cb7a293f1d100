package org.culet.acquisition.formats;

import java.awt.Rectangle;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import org.culet.acquisition.SweepFormat;
import org.culet.config.UserException;
import org.culet.io.Location;
import org.culet.io.RandomAccessImageInputStream;

/**
 * Multi-page TIFF sweeps: one page per frequency point, 8/16-bit unsigned, 16/32-bit signed integer or 32/64-bit
 * float gray pages, through the JDK's ImageIO TIFF plugin (Java 9+). A window is read page by page with
 * {@link ImageReadParam#setSourceRegion}: only the strips or tiles that overlap it are read and decoded. The
 * frequency axis comes from a JSON sidecar or sweeps.csv.
 */
final class TiffFormat {
    static final String FIX = "write one gray page per frequency point (16-bit unsigned or 32-bit float), e.g. "
        + "tifffile.imwrite(path, cube) with cube [n_freq][ny][nx], or re-copy the file completely";

    private TiffFormat() {
    }

    static ImageReader reader() {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("tiff");
        if (!it.hasNext()) {
            throw new IllegalStateException("no TIFF ImageReader on this JVM (Java 9+ has one)");
        }
        return it.next();
    }

    /** The TIFF as a cube [pages][rows][cols]. */
    static final class TiffCube implements Cube {
        private final ImageReader reader;
        private final RandomAccessImageInputStream stream;
        private final int[] shape;
        private final String dtype;
        private final String where;

        TiffCube(Location file) throws IOException {
            this.where = file.toString();
            this.stream = new RandomAccessImageInputStream(file.openRandomAccess());
            this.reader = reader();
            try {
                reader.setInput(stream, false, true);
                int pages = reader.getNumImages(true);
                if (pages < 1) {
                    throw new UserException("the TIFF has no pages", where, FIX);
                }
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                for (int p = 1; p < pages; p++) {
                    if (reader.getWidth(p) != w || reader.getHeight(p) != h) {
                        throw new UserException("TIFF page " + p + " is " + reader.getHeight(p) + " x " + reader.getWidth(p)
                            + " px, page 0 is " + h + " x " + w, where, "write every page (frequency point) with the same size");
                    }
                }
                ImageTypeSpecifier type = reader.getRawImageType(0);
                SampleModel sm = type == null ? null : type.getSampleModel();
                if (sm != null && sm.getNumBands() != 1) {
                    throw new UserException("the TIFF pages have " + sm.getNumBands() + " samples per pixel", where,
                        "write gray pages (one sample per pixel): one page per frequency point");
                }
                this.dtype = sm == null ? "?" : switch (sm.getDataType()) {
                    case DataBuffer.TYPE_BYTE -> "uint8";
                    case DataBuffer.TYPE_USHORT -> "uint16";
                    case DataBuffer.TYPE_SHORT -> "int16";
                    case DataBuffer.TYPE_INT -> "int32";
                    case DataBuffer.TYPE_FLOAT -> "float32";
                    case DataBuffer.TYPE_DOUBLE -> "float64";
                    default -> "?";
                };
                this.shape = new int[] {pages, h, w};
            } catch (IOException | RuntimeException e) {
                close();
                if (e instanceof UserException u) {
                    throw u;
                }
                throw new UserException("not a readable TIFF: " + (e.getMessage() == null ? e.toString() : e.getMessage()),
                    where, FIX, e);
            }
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public String dtype() {
            return dtype;
        }

        @Override
        public void readBox(int[] start, int[] count, double[] out) throws IOException {
            int h = count[1];
            int w = count[2];
            double[] plane = new double[h * w];
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceRegion(new Rectangle(start[2], start[1], w, h));
            for (int p = 0; p < count[0]; p++) {
                Raster r;
                try {
                    r = reader.canReadRaster() ? reader.readRaster(start[0] + p, param)
                        : reader.read(start[0] + p, param).getRaster();
                } catch (IIOException | RuntimeException e) {
                    throw new IOException("cannot read page " + (start[0] + p) + " of " + where + ": " + e.getMessage(), e);
                }
                r.getSamples(r.getMinX(), r.getMinY(), w, h, 0, plane);
                System.arraycopy(plane, 0, out, p * h * w, h * w);
            }
        }

        @Override
        public boolean randomAccess() {
            return true;
        }

        @Override
        public String access() {
            return "per page, only the strips/tiles overlapping the window (ImageIO source region)";
        }

        @Override
        public void close() throws IOException {
            reader.dispose();
            stream.close();
        }
    }

    static CubeSweepReader open(Location file, SweepFormat spec, double[] overrideHz) {
        TiffCube cube;
        try {
            cube = new TiffCube(file);
        } catch (IOException e) {
            throw new UserException("cannot open the TIFF: " + (e.getMessage() == null ? e.toString() : e.getMessage()),
                file.toString(), FIX, e);
        }
        try {
            double scale = spec.frequencyScaleToHz(file + " format.frequencies-unit");
            Sidecar side = overrideHz != null ? null : Sidecar.find(file, spec, scale);
            Map<String, String> meta = new LinkedHashMap<>();
            String source = "no JSON sidecar (" + Sidecar.candidates(file, spec)[0].name() + ")";
            double[] axis = null;
            if (side != null) {
                meta.putAll(side.metadata);
                axis = side.axis;
                source = axis != null ? "sidecar " + side.file.name() + " key " + spec.frequenciesVariableOrDefault()
                    : "sidecar " + side.file.name() + " has no key '" + spec.frequenciesVariableOrDefault() + "'";
            }
            meta.put("tiff.pages", Integer.toString(cube.shape()[0]));
            return new CubeSweepReader(file, "tiff", cube, null, axis, source, overrideHz, spec,
                new char[] {'f', 'y', 'x'}, meta);
        } catch (RuntimeException e) {
            NpyFormat.closeQuietly(cube);
            throw e;
        }
    }
}
