package org.culet.export.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.culet.export.model.AcquisitionData;
import org.culet.export.model.MapLayer;
import org.culet.export.model.PhaseBin;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * The figures of one acquisition, drawn with JFreeChart from plain arrays ({@link AcquisitionData}) and written
 * as PNG and SVG (JFreeSVG). No Spark here.
 */
public final class Figures {
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private static final String UM = "\u00b5m";

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Figures() {
    }

    /** Draws every figure of {@code data} into {@code dir} (created) as NAME.png and NAME.svg, in report order. */
    public static List<Figure> writeAll(AcquisitionData data, Path dir, FigureSettings settings) throws IOException {
        Files.createDirectories(dir);
        List<Figure> out = new ArrayList<>();
        for (MapLayer layer : data.maps()) {
            out.add(write(dir, layer.name(), layer.title(), mapCaption(data, layer), map(data, layer, settings),
                settings, true));
        }
        out.add(write(dir, "phase_sc_fraction", "Phase diagram: superconducting fraction over (sigma_ZZ, tau)",
            "phase_diagram rows with diagram = 'SZZ_TAU': colour = sc_fraction = n_superconducting / n_pixels of each "
                + "bin (pixels with in_phase_diagram), the number in a bin is n_pixels; white bins hold no pixel. "
                + "Shear measure: " + data.tauMeasure() + ".",
            phaseDiagram(data, false, settings), settings));
        out.add(write(dir, "phase_tc_median", "Phase diagram: median Tc over (sigma_ZZ, tau)",
            "phase_diagram rows with diagram = 'SZZ_TAU': colour = tc_median_k, the median local Tc (onset) of the "
                + "bin's superconducting pixels; the number in a bin is n_tc; white bins have no Tc.",
            phaseDiagram(data, true, settings), settings));
        out.add(write(dir, "phase_fraction_vs_t", "Superconducting fraction vs temperature in sigma_ZZ bands",
            "phase_diagram rows with diagram = 'T_SZZ_TAU', pooled over tau within each sigma_ZZ band: "
                + "sum(n_superconducting) / sum(n_pixels) per temperature bin, at the bin centre; bars: Wilson "
                + "score interval at the table's ci_level.",
            fractionVsTemperature(data), settings));
        out.add(write(dir, "fit_status", "Fit status" + baseLabel(data),
            "pixel_fits.status of every pixel for the base sweep (not masked: the fit runs on every pixel).",
            fitStatus(data, settings), settings, true));
        out.add(write(dir, "fit_chi2", "Fit quality: reduced chi^2" + baseLabel(data),
            "log10 of pixel_fits.reduced_chi2 for the base sweep (not masked).", fitChi2(data, settings), settings,
            true));
        return out;
    }

    private static String baseLabel(AcquisitionData data) {
        return data.baseSweep() == null ? "" : ", sweep " + data.baseSweep().sweepId();
    }

    private static String mapCaption(AcquisitionData data, MapLayer layer) {
        return "Column " + layer.column() + "; " + data.width() + " x " + data.height() + " px of "
            + fmt(data.pixelSizeUm()) + " " + UM + "; grey: off sample (composition.on_sample), white: no value. "
            + "Colour range: " + (layer.scale() == MapLayer.Scale.DIVERGING ? "symmetric around " + fmt(layer.centre())
                + ", " : "") + "the configured percentiles of the on-sample values.";
    }

    private static Figure write(Path dir, String name, String title, String caption, JFreeChart chart,
                                FigureSettings s) throws IOException {
        return write(dir, name, title, caption, chart, s, false);
    }

    /** Writes PNG and SVG; {@code equalScales}: a map, whose height is fitted so that 1 um is as long on both axes. */
    private static Figure write(Path dir, String name, String title, String caption, JFreeChart chart,
                                FigureSettings s, boolean equalScales) throws IOException {
        Path png = dir.resolve(name + ".png");
        Path svg = dir.resolve(name + ".svg");
        int width = s.widthPx();
        int height = s.heightPx();
        if (equalScales) {
            height = equalScaleHeight(chart, width, height);
        }
        ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height);
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle(0, 0, width, height));
        SVGUtils.writeToSVG(svg.toFile(), g.getSVGElement());
        return new Figure(name, title, caption, png, svg);
    }

    /** The chart height at which its data area has the aspect ratio of its axis ranges (one layout pass). */
    static int equalScaleHeight(JFreeChart chart, int width, int height) {
        XYPlot plot = chart.getXYPlot();
        double aspect = plot.getRangeAxis().getRange().getLength() / plot.getDomainAxis().getRange().getLength();
        org.jfree.chart.ChartRenderingInfo info = new org.jfree.chart.ChartRenderingInfo();
        java.awt.image.BufferedImage probe = new java.awt.image.BufferedImage(width, height,
            java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = probe.createGraphics();
        chart.draw(g, new Rectangle(0, 0, width, height), info);
        g.dispose();
        Rectangle2D area = info.getPlotInfo().getDataArea();
        return (int) Math.round(height + area.getWidth() * aspect - area.getHeight());
    }

    // ------------------------------------------------------------------------------------------------ maps

    /** A per-pixel map: heat map in um with a colour bar and a scale bar; off-sample pixels grey when masked. */
    public static JFreeChart map(AcquisitionData data, MapLayer layer, FigureSettings s) {
        double[] z = layer.values().clone();
        if (layer.scale() == MapLayer.Scale.LOG) {
            for (int i = 0; i < z.length; i++) {
                z[i] = z[i] > 0 ? Math.log10(z[i]) : Double.NaN;
            }
        }
        List<Double> shown = new ArrayList<>();
        for (int i = 0; i < z.length; i++) {
            if (layer.maskOffSample() && !data.onSample()[i]) {
                z[i] = MapPaintScale.OFF_SAMPLE;
            } else if (Double.isFinite(z[i])) {
                shown.add(z[i]);
            }
        }
        double[] range = colourRange(shown, layer.scale() == MapLayer.Scale.DIVERGING, layer.centre(), s);
        MapPaintScale scale = new MapPaintScale(range[0], range[1],
            layer.scale() == MapLayer.Scale.DIVERGING ? ColourMaps.DIVERGING : ColourMaps.VIRIDIS);
        String colourLabel = layer.scale() == MapLayer.Scale.LOG ? "log10 " + layer.quantity() : layer.quantity();
        return imageChart(data, z, scale, colourLabel, layer.title(), null, layer.maskOffSample());
    }

    /** Low and high end of the colour range (see {@link FigureSettings}). */
    static double[] colourRange(List<Double> values, boolean diverging, double centre, FigureSettings s) {
        if (values.isEmpty()) {
            return diverging ? new double[] {centre - 1, centre + 1} : new double[] {0, 1};
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double lo = percentile(v, s.lowPercentile());
        double hi = percentile(v, s.highPercentile());
        if (diverging) {
            double half = Math.max(Math.abs(lo - centre), Math.abs(hi - centre));
            if (!(half > 0)) {
                half = Math.max(1e-9, Math.abs(centre) * 0.01);
            }
            return new double[] {centre - half, centre + half};
        }
        if (!(hi > lo)) {
            double pad = Math.max(1e-9, Math.abs(lo) * 0.01);
            return new double[] {lo - pad, hi + pad};
        }
        return new double[] {lo, hi};
    }

    /** Linear-interpolated percentile of sorted values. */
    static double percentile(double[] sorted, double pct) {
        double pos = Math.max(0, Math.min(100, pct)) / 100.0 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (sorted[j] - sorted[i]) * (pos - i);
    }

    private static JFreeChart imageChart(AcquisitionData data, double[] z, MapPaintScale scale, String colourLabel,
                                         String title, LegendItemCollection categories, boolean masked) {
        int w = data.width();
        int h = data.height();
        double p = data.pixelSizeUm();
        // The map is one raster image filling the data area (integer upscaling, nearest neighbour), so the SVG
        // embeds a small PNG instead of one rectangle per pixel.
        int k = Math.max(1, (int) Math.ceil(512.0 / Math.max(w, h)));
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(w * k, h * k,
            java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = ((Color) scale.getPaint(z[y * w + x])).getRGB();
                for (int dy = 0; dy < k; dy++) {
                    for (int dx = 0; dx < k; dx++) {
                        image.setRGB(x * k + dx, y * k + dy, rgb);
                    }
                }
            }
        }
        NumberAxis xAxis = new NumberAxis("x (" + UM + ")");
        NumberAxis yAxis = new NumberAxis("y (" + UM + ", down)");
        for (NumberAxis a : new NumberAxis[] {xAxis, yAxis}) {
            a.setLowerMargin(0);
            a.setUpperMargin(0);
            a.setAutoRangeIncludesZero(false);
            a.setLabelFont(LABEL);
            a.setTickLabelFont(SMALL);
        }
        xAxis.setRange(0, w * p);
        yAxis.setRange(0, h * p);
        double tick = niceLength(Math.max(w, h) * p / 6);
        xAxis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(tick));
        yAxis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(tick));
        yAxis.setInverted(true); // image convention: row 0 at the top
        XYPlot plot = new XYPlot(null, xAxis, yAxis, null);
        plot.setBackgroundImage(image);
        plot.setBackgroundImageAlignment(org.jfree.chart.ui.Align.FIT);
        plot.setBackgroundImageAlpha(1f);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setOutlinePaint(Color.DARK_GRAY);
        addScaleBar(plot, w * p, h * p);
        JFreeChart chart = new JFreeChart(null, TITLE, plot, categories != null);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getRenderingHints().put(java.awt.RenderingHints.KEY_INTERPOLATION,
            java.awt.RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        chart.addSubtitle(titleText(title));
        chart.addSubtitle(subtitle(data.label() + (masked ? "   grey: off sample, white: no value"
            : "   every pixel (not masked), white: no value")));
        if (categories != null) {
            plot.setFixedLegendItems(categories);
            LegendTitle legend = chart.getLegend();
            legend.setPosition(RectangleEdge.RIGHT);
            legend.setItemFont(SMALL);
            legend.setFrame(BlockBorder.NONE);
        } else {
            NumberAxis colourAxis = new NumberAxis(colourLabel);
            colourAxis.setRange(scale.getLowerBound(), scale.getUpperBound());
            colourAxis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(
                niceLength((scale.getUpperBound() - scale.getLowerBound()) / 5)));
            colourAxis.setLabelFont(LABEL);
            colourAxis.setTickLabelFont(SMALL);
            PaintScaleLegend legend = new PaintScaleLegend(scale, colourAxis);
            legend.setPosition(RectangleEdge.RIGHT);
            legend.setAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_RIGHT);
            legend.setStripWidth(14);
            legend.setSubdivisionCount(256);
            legend.setMargin(new RectangleInsets(6, 10, 6, 4));
            legend.setBackgroundPaint(Color.WHITE);
            chart.addSubtitle(legend);
        }
        return chart;
    }

    /** A black bar of a round length (1, 2 or 5 x 10^k um, about a fifth of the field) in the lower left. */
    private static void addScaleBar(XYPlot plot, double widthUm, double heightUm) {
        double length = niceLength(widthUm / 5);
        double x0 = widthUm * 0.05;
        double y1 = heightUm * 0.95;
        double thick = heightUm * 0.015;
        plot.addAnnotation(new XYShapeAnnotation(new Rectangle2D.Double(x0, y1 - thick, length, thick),
            new BasicStroke(1f), Color.WHITE, Color.BLACK));
        XYTextAnnotation label = new XYTextAnnotation(fmt(length) + " " + UM, x0 + length / 2, y1 - thick * 1.6);
        label.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        label.setPaint(Color.BLACK);
        label.setBackgroundPaint(new Color(255, 255, 255, 170));
        label.setTextAnchor(TextAnchor.BOTTOM_CENTER);
        plot.addAnnotation(label);
    }

    /** The largest 1, 2 or 5 x 10^k not above {@code x}. */
    static double niceLength(double x) {
        double e = Math.pow(10, Math.floor(Math.log10(x)));
        for (double m : new double[] {5, 2, 1}) {
            if (m * e <= x) {
                return m * e;
            }
        }
        return e;
    }

    // ------------------------------------------------------------------------------------------------ fit quality

    static JFreeChart fitStatus(AcquisitionData data, FigureSettings s) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String st : data.fitStatus()) {
            if (st != null) {
                counts.merge(st, 1, Integer::sum);
            }
        }
        List<String> order = new ArrayList<>(counts.keySet());
        order.sort((a, b) -> a.equals("OK") ? -1 : b.equals("OK") ? 1 : Integer.compare(counts.get(b), counts.get(a)));
        Color[] palette = new Color[order.size()];
        LegendItemCollection legend = new LegendItemCollection();
        int total = data.fitStatus().length;
        for (int i = 0; i < order.size(); i++) {
            palette[i] = ColourMaps.CATEGORIES[i % ColourMaps.CATEGORIES.length];
            int n = counts.get(order.get(i));
            legend.add(new LegendItem(String.format(Locale.ROOT, "%s  %d (%.1f %%)", order.get(i), n,
                100.0 * n / total), palette[i]));
        }
        double[] z = new double[total];
        for (int i = 0; i < total; i++) {
            String st = data.fitStatus()[i];
            z[i] = st == null ? Double.NaN : order.indexOf(st);
        }
        CategoryScale scale = new CategoryScale(palette);
        return imageChart(data, z, scale, "", "Fit status" + baseLabel(data), legend, false);
    }

    /** Categories 0..n-1 to their colours (NaN white). */
    private static final class CategoryScale extends MapPaintScale {
        private static final long serialVersionUID = 1L;
        private final Color[] palette;

        CategoryScale(Color[] palette) {
            super(0, Math.max(1, palette.length), ColourMaps.VIRIDIS);
            this.palette = palette.clone();
        }

        @Override
        public java.awt.Paint getPaint(double value) {
            if (Double.isNaN(value) || value < 0 || value >= palette.length) {
                return ColourMaps.NO_VALUE;
            }
            return palette[(int) value];
        }
    }

    static JFreeChart fitChi2(AcquisitionData data, FigureSettings s) {
        MapLayer layer = new MapLayer("fit_chi2", "Fit quality: reduced chi^2" + baseLabel(data), "reduced chi^2 (1)",
            "pixel_fits.reduced_chi2", data.reducedChi2(), MapLayer.Scale.LOG, 0, false);
        return map(data, layer, s);
    }

    // ------------------------------------------------------------------------------------------------ phase diagram

    static JFreeChart phaseDiagram(AcquisitionData data, boolean tc, FigureSettings s) {
        List<PhaseBin> bins = data.phaseBins().stream().filter(b -> PhaseBin.SZZ_TAU.equals(b.diagram())).toList();
        String tauLabel = ("TAU_INTERFACE".equals(data.tauMeasure()) ? "tau_interface" : "tau_max") + " (GPa)";
        NumberAxis xAxis = new NumberAxis("sigma_ZZ (GPa)");
        NumberAxis yAxis = new NumberAxis(tauLabel);
        xAxis.setLabelFont(LABEL);
        yAxis.setLabelFont(LABEL);
        String title = tc ? "Median local Tc over (sigma_ZZ, tau)" : "Superconducting fraction over (sigma_ZZ, tau)";
        if (bins.isEmpty()) {
            XYPlot empty = new XYPlot(new DefaultXYZDataset(), xAxis, yAxis, new XYBlockRenderer());
            JFreeChart chart = new JFreeChart(null, TITLE, empty, false);
            chart.addSubtitle(titleText(title));
            chart.addSubtitle(subtitle(data.label() + "   (the phase_diagram table has no SZZ_TAU bins)"));
            chart.setBackgroundPaint(Color.WHITE);
            return chart;
        }
        double[][] xyz = new double[3][bins.size()];
        double binW = bins.get(0).sigmaZzHiGpa() - bins.get(0).sigmaZzLoGpa();
        double binH = bins.get(0).tauHiGpa() - bins.get(0).tauLoGpa();
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        List<Double> shown = new ArrayList<>();
        XYPlot plot = new XYPlot();
        for (int i = 0; i < bins.size(); i++) {
            PhaseBin b = bins.get(i);
            xyz[0][i] = b.sigmaZzLoGpa();
            xyz[1][i] = b.tauLoGpa();
            double v = tc ? (b.nTc() > 0 ? b.tcMedianK() : Double.NaN) : (b.nPixels() > 0 ? b.scFraction() : Double.NaN);
            xyz[2][i] = v;
            if (Double.isFinite(v)) {
                shown.add(v);
            }
            xMin = Math.min(xMin, b.sigmaZzLoGpa());
            xMax = Math.max(xMax, b.sigmaZzHiGpa());
            yMin = Math.min(yMin, b.tauLoGpa());
            yMax = Math.max(yMax, b.tauHiGpa());
            long n = tc ? b.nTc() : b.nPixels();
            if (n > 0) {
                XYTextAnnotation t = new XYTextAnnotation(Long.toString(n), b.sigmaZzLoGpa() + binW / 2,
                    b.tauLoGpa() + binH / 2);
                t.setFont(SMALL);
                plot.addAnnotation(t);
            }
        }
        double[] range = tc ? colourRange(shown, false, 0, new FigureSettings(0, 0, 0, 100)) : new double[] {0, 1};
        MapPaintScale scale = new MapPaintScale(range[0], range[1], ColourMaps.VIRIDIS);
        // Label colour: black on the bright (upper) half of viridis.
        for (Object o : plot.getAnnotations()) {
            XYTextAnnotation t = (XYTextAnnotation) o;
            double v = valueAt(xyz, t.getX() - binW / 2, t.getY() - binH / 2);
            t.setPaint((v - range[0]) / (range[1] - range[0]) > 0.55 ? Color.BLACK : Color.WHITE);
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("bins", xyz);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth(binW);
        renderer.setBlockHeight(binH);
        renderer.setBlockAnchor(RectangleAnchor.BOTTOM_LEFT);
        renderer.setPaintScale(scale);
        plot.setDataset(dataset);
        plot.setDomainAxis(xAxis);
        plot.setRangeAxis(yAxis);
        plot.setRenderer(renderer);
        xAxis.setRange(xMin, xMax);
        yAxis.setRange(yMin, yMax);
        xAxis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(binW));
        yAxis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(niceLength((yMax - yMin) / 8)));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        JFreeChart chart = new JFreeChart(null, TITLE, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(titleText(title));
        long total = bins.stream().mapToLong(PhaseBin::nPixels).sum();
        chart.addSubtitle(subtitle(data.label() + "   " + total + " pixels; numbers: " + (tc ? "pixels with a Tc"
            : "pixels") + " per bin"));
        NumberAxis colourAxis = new NumberAxis(tc ? "median Tc (K)" : "superconducting fraction (1)");
        colourAxis.setRange(range[0], range[1]);
        colourAxis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(niceLength((range[1] - range[0]) / 5)));
        colourAxis.setLabelFont(LABEL);
        colourAxis.setTickLabelFont(SMALL);
        PaintScaleLegend legend = new PaintScaleLegend(scale, colourAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_RIGHT);
        legend.setStripWidth(14);
        legend.setSubdivisionCount(256);
        legend.setMargin(new RectangleInsets(6, 10, 6, 4));
        chart.addSubtitle(legend);
        return chart;
    }

    private static double valueAt(double[][] xyz, double x, double y) {
        for (int i = 0; i < xyz[0].length; i++) {
            if (Math.abs(xyz[0][i] - x) < 1e-9 && Math.abs(xyz[1][i] - y) < 1e-9) {
                return xyz[2][i];
            }
        }
        return Double.NaN;
    }

    /** One curve of {@link #fractionCurves}: a sigma_ZZ band and its points. */
    public record FractionCurve(double sigmaZzLoGpa, double sigmaZzHiGpa, double[] temperatureK, double[] fraction,
                                double[] ciLo, double[] ciHi, long[] nPixels) {
    }

    /**
     * Superconducting fraction vs temperature per sigma_ZZ band from the T_SZZ_TAU bins, pooled over tau:
     * sum(n_superconducting) / sum(n_pixels) per temperature bin, with the Wilson score interval at the bins'
     * ci_level. Bands and temperatures without pixels are left out.
     */
    public static List<FractionCurve> fractionCurves(List<PhaseBin> bins) {
        Map<Double, TreeMap<Double, long[]>> bands = new TreeMap<>();
        Map<Double, Double> bandHi = new LinkedHashMap<>();
        Map<Double, Double> tHi = new LinkedHashMap<>();
        double ciLevel = 0.95;
        for (PhaseBin b : bins) {
            if (!PhaseBin.T_SZZ_TAU.equals(b.diagram()) || b.nPixels() == 0) {
                continue;
            }
            if (Double.isFinite(b.ciLevel())) {
                ciLevel = b.ciLevel();
            }
            bandHi.put(b.sigmaZzLoGpa(), b.sigmaZzHiGpa());
            tHi.put(b.temperatureLoK(), b.temperatureHiK());
            long[] acc = bands.computeIfAbsent(b.sigmaZzLoGpa(), k -> new TreeMap<>())
                .computeIfAbsent(b.temperatureLoK(), k -> new long[2]);
            acc[0] += b.nPixels();
            acc[1] += b.nSuperconducting();
        }
        double z = new NormalDistribution().inverseCumulativeProbability(0.5 + ciLevel / 2);
        List<FractionCurve> out = new ArrayList<>();
        for (Map.Entry<Double, TreeMap<Double, long[]>> band : bands.entrySet()) {
            int m = band.getValue().size();
            double[] t = new double[m];
            double[] f = new double[m];
            double[] lo = new double[m];
            double[] hi = new double[m];
            long[] np = new long[m];
            int i = 0;
            for (Map.Entry<Double, long[]> e : band.getValue().entrySet()) {
                long n = e.getValue()[0];
                long k = e.getValue()[1];
                t[i] = (e.getKey() + tHi.get(e.getKey())) / 2;
                f[i] = (double) k / n;
                double[] w = wilson(k, n, z);
                lo[i] = w[0];
                hi[i] = w[1];
                np[i] = n;
                i++;
            }
            out.add(new FractionCurve(band.getKey(), bandHi.get(band.getKey()), t, f, lo, hi, np));
        }
        return out;
    }

    /** Wilson score interval of k successes in n trials at normal quantile z. */
    static double[] wilson(long k, long n, double z) {
        double p = (double) k / n;
        double z2 = z * z;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    static JFreeChart fractionVsTemperature(AcquisitionData data) {
        List<FractionCurve> curves = fractionCurves(data.phaseBins());
        YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
        for (FractionCurve c : curves) {
            YIntervalSeries series = new YIntervalSeries(String.format(Locale.ROOT, "sigma_ZZ %s-%s GPa",
                fmt(c.sigmaZzLoGpa()), fmt(c.sigmaZzHiGpa())));
            for (int i = 0; i < c.temperatureK().length; i++) {
                series.add(c.temperatureK()[i], c.fraction()[i], c.ciLo()[i], c.ciHi()[i]);
            }
            dataset.addSeries(series);
        }
        NumberAxis xAxis = new NumberAxis("temperature (K)");
        NumberAxis yAxis = new NumberAxis("superconducting fraction (1)");
        yAxis.setRange(-0.02, 1.02);
        yAxis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(0.1));
        xAxis.setAutoRangeIncludesZero(true);
        xAxis.setLabelFont(LABEL);
        yAxis.setLabelFont(LABEL);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        renderer.setCapLength(5);
        for (int i = 0; i < curves.size(); i++) {
            Color c = ColourMaps.at(ColourMaps.VIRIDIS, curves.size() == 1 ? 0.2 : 0.9 * i / (curves.size() - 1));
            renderer.setSeriesPaint(i, c);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(dataset, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart(null, TITLE, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(titleText("Superconducting fraction vs temperature, by sigma_ZZ band"));
        chart.addSubtitle(subtitle(data.label() + "   pooled over tau; bars: Wilson interval"));
        chart.getLegend().setPosition(RectangleEdge.RIGHT);
        chart.getLegend().setItemFont(SMALL);
        chart.getLegend().setFrame(BlockBorder.NONE);
        return chart;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static TextTitle titleText(String text) {
        TextTitle t = new TextTitle(text, TITLE);
        t.setMaximumLinesToDisplay(2);
        t.setPadding(new RectangleInsets(4, 8, 0, 8));
        return t;
    }

    private static TextTitle subtitle(String text) {
        TextTitle t = new TextTitle(text, SUBTITLE);
        t.setPaint(new Color(0x555555));
        t.setPadding(new RectangleInsets(2, 8, 4, 8));
        return t;
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        return s.contains("e") ? s : s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** For tests: a sorted copy. */
    static double[] sorted(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s;
    }
}
