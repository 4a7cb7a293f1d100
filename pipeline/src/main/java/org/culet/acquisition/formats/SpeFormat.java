package org.culet.acquisition.formats;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.culet.acquisition.SweepFormat;
import org.culet.config.UserException;
import org.culet.io.Location;
import org.culet.io.RandomAccessInput;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Princeton Instruments (LightField) SPE 3.0 sweeps, read by hand: no Java library for SPE exists on Maven Central
 * (the known readers are Python, C++ and MATLAB scripts), and the format is simple. Layout (little-endian): a
 * 4100-byte binary header (frame width at byte 42 (uint16), data type at 108 (int16: 0 float32, 1 int32, 2 int16,
 * 3 uint16, 5 float64, 6 uint8, 8 uint32), frame height at 656 (uint16), XML footer offset at 678 (uint64), frame
 * count at 1446 (int32), header version at 1992 (float32, 3.0)), then the frames from byte 4100 (each frame its
 * pixels row-major, followed by optional per-frame metadata: the footer's Frame data block gives the stride), then
 * the XML footer: {@code DataFormat/DataBlock[@type=Frame]} (count, pixelFormat, size, stride) with one
 * {@code DataBlock[@type=Region]} (width, height), and {@code Calibrations} ({@code SensorMapping}: the region of
 * interest on the sensor and its binning; {@code WavelengthMapping}: a spectrometer's wavelength per column).
 * LightField has no field for a microwave frequency per frame: the frequency axis comes from a JSON sidecar or
 * sweeps.csv. One frame per frequency point; a window is one positioned read per frame covering its rows.
 */
final class SpeFormat {
    static final int HEADER_BYTES = 4100;
    static final String FIX = "export the sweep from LightField as SPE 3.0 with one frame per frequency point and one "
        + "region of interest, or re-copy the file completely";

    private SpeFormat() {
    }

    static Dtype dtypeOf(int code) {
        return switch (code) {
            case 0 -> Dtype.littleEndian('f', 4);
            case 1 -> Dtype.littleEndian('i', 4);
            case 2 -> Dtype.littleEndian('i', 2);
            case 3 -> Dtype.littleEndian('u', 2);
            case 5 -> Dtype.littleEndian('f', 8);
            case 6 -> Dtype.littleEndian('u', 1);
            case 8 -> Dtype.littleEndian('u', 4);
            default -> null;
        };
    }

    /** What the header and footer say. */
    record Layout(int frames, int height, int width, Dtype dtype, long strideBytes, float version,
                  Map<String, String> metadata) {
    }

    static Layout layout(RandomAccessInput in, String where) throws IOException {
        long len = in.length();
        if (len < HEADER_BYTES) {
            throw new UserException("not an SPE file or truncated: " + len + " bytes, the SPE header alone is 4100", where, FIX);
        }
        ByteBuffer h = ByteBuffer.wrap(in.read(0, HEADER_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        int xdim = h.getShort(42) & 0xffff;
        int code = h.getShort(108);
        int ydim = h.getShort(656) & 0xffff;
        long footer = h.getLong(678);
        int frames = h.getInt(1446);
        float version = h.getFloat(1992);
        int last = h.getShort(4098) & 0xffff;
        if (last != 0x5555) {
            throw new UserException("not an SPE file: the header's last value is 0x" + Integer.toHexString(last)
                + ", not 0x5555", where, FIX);
        }
        Dtype dtype = dtypeOf(code);
        if (dtype == null) {
            throw new UserException("unknown SPE data type " + code, where, FIX);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("spe.version", Float.toString(version));
        meta.put("spe.datatype", dtype.name());
        long stride = (long) xdim * ydim * dtype.size();
        int width = xdim;
        int height = ydim;
        if (version >= 3.0f) {
            if (footer < HEADER_BYTES || footer > len) {
                throw new UserException("truncated or corrupt SPE 3.0 file: the XML footer offset " + footer
                    + " lies outside the file (" + len + " bytes)", where, FIX);
            }
            if (len - footer > 64L << 20) {
                throw new UserException("corrupt SPE 3.0 file: an XML footer of " + (len - footer) + " bytes", where, FIX);
            }
            Document doc = parse(in.read(footer, (int) (len - footer)), where);
            Element frame = null;
            List<Element> regions = new ArrayList<>();
            NodeList blocks = doc.getElementsByTagNameNS("*", "DataBlock");
            for (int i = 0; i < blocks.getLength(); i++) {
                Element e = (Element) blocks.item(i);
                if ("Frame".equals(e.getAttribute("type")) && frame == null) {
                    frame = e;
                } else if ("Region".equals(e.getAttribute("type"))) {
                    regions.add(e);
                }
            }
            if (regions.size() > 1) {
                throw new UserException("the SPE file has " + regions.size() + " regions of interest per frame", where,
                    "acquire (or export) one region of interest per sweep");
            }
            if (frame != null) {
                meta.put("spe.pixelFormat", frame.getAttribute("pixelFormat"));
                if (!frame.getAttribute("stride").isEmpty()) {
                    stride = Long.parseLong(frame.getAttribute("stride"));
                }
                if (!frame.getAttribute("count").isEmpty() && Integer.parseInt(frame.getAttribute("count")) != frames) {
                    throw new UserException("corrupt SPE file: the header counts " + frames + " frames, the XML footer "
                        + frame.getAttribute("count"), where, FIX);
                }
            }
            if (regions.size() == 1) {
                Element r = regions.get(0);
                if (!r.getAttribute("width").isEmpty()) {
                    width = Integer.parseInt(r.getAttribute("width"));
                    height = Integer.parseInt(r.getAttribute("height"));
                }
            }
            NodeList maps = doc.getElementsByTagNameNS("*", "SensorMapping");
            if (maps.getLength() > 0) {
                Element m = (Element) maps.item(0);
                meta.put("spe.roi", "x=" + m.getAttribute("x") + " y=" + m.getAttribute("y") + " width="
                    + m.getAttribute("width") + " height=" + m.getAttribute("height") + " xBinning="
                    + m.getAttribute("xBinning") + " yBinning=" + m.getAttribute("yBinning"));
            }
            NodeList wl = doc.getElementsByTagNameNS("*", "Wavelength");
            if (wl.getLength() > 0) {
                String[] v = wl.item(0).getTextContent().trim().split("\\s*,\\s*");
                meta.put("spe.wavelength-mapping", v.length + " values, " + v[0] + " .. " + v[v.length - 1] + " nm");
            }
        } else {
            meta.put("spe.note", "SPE 2.x file: no XML footer (sizes from the binary header)");
        }
        if (width * (long) height * dtype.size() > stride) {
            throw new UserException("corrupt SPE file: a " + height + " x " + width + " frame does not fit the frame stride "
                + stride, where, FIX);
        }
        long end = HEADER_BYTES + (frames - 1L) * stride + (long) width * height * dtype.size();
        if (frames < 1 || end > len) {
            throw new UserException("truncated SPE file: " + frames + " frames of " + height + " x " + width + " "
                + dtype.name() + " need " + end + " bytes, the file has " + len, where, FIX);
        }
        meta.put("spe.frames", Integer.toString(frames));
        return new Layout(frames, height, width, dtype, stride, version, meta);
    }

    private static Document parse(byte[] xml, String where) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new UserException("corrupt SPE 3.0 XML footer: " + e.getMessage(), where, FIX, e);
        }
    }

    static CubeSweepReader open(Location file, SweepFormat spec, double[] overrideHz) {
        String where = file.toString();
        RandomAccessInput in;
        try {
            in = file.openRandomAccess();
        } catch (IOException e) {
            throw new UserException("cannot open the sweep file: " + e.getMessage(), where, "check the file exists and is readable", e);
        }
        try {
            Layout l = layout(in, where);
            StridedCube cube = new StridedCube(in, HEADER_BYTES, new int[] {l.frames(), l.height(), l.width()}, false,
                l.dtype(), l.strideBytes(), "positioned reads of the window's rows in every frame (SPE)");
            double scale = spec.frequencyScaleToHz(where + " format.frequencies-unit");
            Sidecar side = overrideHz != null ? null : Sidecar.find(file, spec, scale);
            Map<String, String> meta = new LinkedHashMap<>(l.metadata());
            String source = "no JSON sidecar (" + Sidecar.candidates(file, spec)[0].name() + "); LightField stores no "
                + "microwave frequencies";
            double[] axis = null;
            if (side != null) {
                meta.putAll(side.metadata);
                axis = side.axis;
                source = axis != null ? "sidecar " + side.file.name() + " key " + spec.frequenciesVariableOrDefault()
                    : "sidecar " + side.file.name() + " has no key '" + spec.frequenciesVariableOrDefault() + "'";
            }
            return new CubeSweepReader(file, "spe", cube, null, axis, source, overrideHz, spec,
                new char[] {'f', 'y', 'x'}, meta);
        } catch (IOException e) {
            NpyFormat.closeQuietly(in);
            throw new UserException("cannot read the SPE file: " + e.getMessage(), where, FIX, e);
        } catch (RuntimeException e) {
            NpyFormat.closeQuietly(in);
            throw e;
        }
    }
}
