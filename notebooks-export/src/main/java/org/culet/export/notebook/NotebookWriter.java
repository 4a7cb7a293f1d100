package org.culet.export.notebook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.culet.export.figures.Figure;
import org.culet.export.figures.FigureSettings;
import org.culet.export.model.AcquisitionData;
import org.culet.export.model.Extract;
import org.culet.export.model.MapLayer;
import org.culet.warehouse.Warehouse;

/**
 * Writes a Jupyter notebook (nbformat 4.5) that loads the acquisition's tables with pandas (the warehouse's Parquet
 * when pyarrow is installed, else the CSV extracts written beside the notebook), shows the SQL that produced each
 * extract, and re-creates every figure with matplotlib. Each figure cell carries the Java-rendered PNG as its output,
 * so the notebook reads well before it is run; running it replaces them with matplotlib's.
 */
public final class NotebookWriter {
    /** File name of the notebook inside the export folder. */
    public static final String FILE = "notebook.ipynb";
    /** Folder of the CSV extracts, next to the notebook. */
    public static final String DATA = "data";
    /** Folder the executed notebook saves its matplotlib figures into. */
    public static final String NOTEBOOK_FIGURES = "notebook-figures";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Extracts that are Parquet partitions of one table (read directly with pyarrow); the others are derived. */
    private static final Map<String, String> DIRECT = Map.of(AcquisitionData.PIXEL_TABLE, "pixel_table",
        AcquisitionData.SWEEPS, "sweeps", AcquisitionData.PHASE_DIAGRAM, "phase_diagram");

    private final List<ObjectNode> cells = new ArrayList<>();

    private NotebookWriter() {
    }

    /**
     * Writes the CSV extracts into {@code dir/data} and the notebook into {@code dir/notebook.ipynb}.
     *
     * @param warehouseRoot the warehouse folder (a local path or URI) the notebook reads Parquet from
     * @return the notebook file
     */
    public static Path write(AcquisitionData data, List<Figure> figures, FigureSettings settings, String warehouseRoot,
                             Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Extract e : data.extracts().values()) {
            CsvExtracts.write(e, dir.resolve(DATA));
        }
        NotebookWriter nb = new NotebookWriter();
        nb.build(data, figures, settings, warehouseRoot);
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode cellArray = root.putArray("cells");
        cellArray.addAll(nb.cells);
        ObjectNode meta = root.putObject("metadata");
        ObjectNode kernel = meta.putObject("kernelspec");
        kernel.put("display_name", "Python 3 (ipykernel)");
        kernel.put("language", "python");
        kernel.put("name", "python3");
        ObjectNode lang = meta.putObject("language_info");
        lang.put("name", "python");
        lang.put("file_extension", ".py");
        lang.put("mimetype", "text/x-python");
        ObjectNode culet = meta.putObject("culet");
        culet.put("sample_id", data.sampleId());
        culet.put("pressure_gpa", data.pressureGpa());
        culet.put("run_id", data.manifest().runId());
        root.put("nbformat", 4);
        root.put("nbformat_minor", 5);
        Path file = dir.resolve(FILE);
        Files.writeString(file, MAPPER.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private void build(AcquisitionData data, List<Figure> figures, FigureSettings settings, String warehouseRoot)
        throws IOException {
        Map<String, Figure> byName = new LinkedHashMap<>();
        for (Figure f : figures) {
            byName.put(f.name(), f);
        }
        String runId = data.manifest().runId();
        markdown("# culet: " + data.label() + "\n\n"
            + "Maps and phase diagram of run `" + runId + "` (culet " + data.manifest().codeVersion() + ", published "
            + data.manifest().committedUtc() + "), written by `culet export notebook`.\n\n"
            + "The outputs you see before running are the figures culet drew (JFreeChart). Running the notebook "
            + "(*Run All*, or `jupyter nbconvert --to notebook --execute " + FILE + "`) loads the tables with pandas "
            + "and draws every figure again with matplotlib, saving them into `" + NOTEBOOK_FIGURES + "/`.\n\n"
            + "Data: the warehouse's Parquet partitions when `pyarrow` is installed and the warehouse is reachable, "
            + "else the CSV extracts in `" + DATA + "/` that the export wrote from the same SQL. Units are in the "
            + "column names (`_gpa`, `_k`, `_gauss`, `_um`); the README's table catalogue describes every column.");
        String base = data.baseSweep() == null ? "None" : py(data.baseSweep().sweepId());
        code(("""
            from pathlib import Path
            from statistics import NormalDist

            import numpy as np
            import pandas as pd
            import matplotlib
            import matplotlib.pyplot as plt
            from matplotlib.colors import ListedColormap
            from matplotlib.patches import Patch, Rectangle

            SAMPLE_ID = @SAMPLE@
            PRESSURE_GPA = @PRESSURE@
            WAREHOUSE = Path(@WAREHOUSE@)           # the warehouse culet export read
            PARTITION = @PARTITION@                 # hive-style partition folder of this acquisition
            DATA = Path(@DATA@)                     # CSV extracts written by culet export
            FIGURES = Path(@FIGURES@)               # where this notebook saves its figures
            FIGURES.mkdir(exist_ok=True)
            WIDTH, HEIGHT, PIXEL_SIZE_UM = @WIDTH@, @HEIGHT@, @PIXEL@
            BASE_SWEEP = @BASE@                     # sweep of the base-temperature field maps
            LOW_PCT, HIGH_PCT = @LOW@, @HIGH@       # colour range: percentiles of the shown values
            try:
                import pyarrow  # noqa: F401
                HAVE_ARROW = True
            except ImportError:
                HAVE_ARROW = False
            print('pyarrow available:', HAVE_ARROW)


            def load(name, table=None, columns=None, sort=None):
                \"\"\"One extract: the table's Parquet partition with pyarrow, else the CSV extract of the same SQL.\"\"\"
                part = WAREHOUSE / 'tables' / table / PARTITION if table else None
                if HAVE_ARROW and part is not None and part.is_dir():
                    df = pd.read_parquet(part, columns=columns)
                    if sort:
                        df = df.sort_values(sort).reset_index(drop=True)
                    source = part
                else:
                    source = DATA / (name + '.csv')
                    df = pd.read_csv(source)
                print(f'{name}: {len(df)} rows from {source}')
                return df


            def flag(series):
                \"\"\"A boolean column from Parquet (bool) or CSV (true/false/empty).\"\"\"
                return series.astype(str).str.lower().eq('true')
            """).replace("@SAMPLE@", py(data.sampleId()))
            .replace("@PRESSURE@", Double.toString(data.pressureGpa()))
            .replace("@WAREHOUSE@", py(localPath(warehouseRoot)))
            .replace("@PARTITION@", py(Warehouse.partitionSubpath(data.sampleId(), data.pressureGpa())))
            .replace("@DATA@", py(DATA)).replace("@FIGURES@", py(NOTEBOOK_FIGURES))
            .replace("@WIDTH@", Integer.toString(data.width())).replace("@HEIGHT@", Integer.toString(data.height()))
            .replace("@PIXEL@", Double.toString(data.pixelSizeUm())).replace("@BASE@", base)
            .replace("@LOW@", Double.toString(settings.lowPercentile()))
            .replace("@HIGH@", Double.toString(settings.highPercentile())), List.of());

        markdown("## The tables\n\nEach extract below was produced by this Spark SQL over the culet tables (every "
            + "table is a view by its name, as in `culet sql --warehouse " + localPath(warehouseRoot) + "`).");
        for (Extract e : data.extracts().values()) {
            StringBuilder md = new StringBuilder("### `" + e.name() + "`: " + e.rows().size() + " rows\n\n```sql\n"
                + e.sql().strip() + "\n```\n\nColumns (unit): ");
            List<String> cols = new ArrayList<>();
            for (int i = 0; i < e.columns().size(); i++) {
                String u = e.units().get(i);
                cols.add("`" + e.columns().get(i) + "`" + (u.isEmpty() ? "" : " (" + u + ")"));
            }
            md.append(String.join(", ", cols));
            markdown(md.toString());
            String table = DIRECT.get(e.name());
            String load;
            if (table == null) {
                load = e.name() + " = load(" + py(e.name()) + ")";
            } else {
                String columns = table.equals("pixel_table") ? "None" : pyList(e.columns());
                String sort = e.name().equals(AcquisitionData.PIXEL_TABLE) ? "['pixel_y', 'pixel_x']"
                    : e.name().equals(AcquisitionData.SWEEPS) ? "['temperature_k', 'applied_field_gauss', 'sweep_id']"
                    : "['diagram', 'bin_index']";
                load = e.name() + " = load(" + py(e.name()) + ", table=" + py(table) + ", columns=" + columns
                    + ", sort=" + sort + ")";
            }
            code(load + "\n" + e.name() + ".head()", List.of());
        }

        markdown("## Maps\n\nPixel (row y, column x) has its centre at ((x + 0.5) p, (y + 0.5) p) um, p = "
            + data.pixelSizeUm() + " um. Grey: off sample; white: on the sample without a value. Colour range: the "
            + settings.lowPercentile() + "th to " + settings.highPercentile() + "th percentile of the shown values.");
        code("""
            ON_SAMPLE = np.zeros((HEIGHT, WIDTH), bool)
            ON_SAMPLE[pixel_table.pixel_y.to_numpy(int), pixel_table.pixel_x.to_numpy(int)] = flag(pixel_table.on_sample)


            def grid(df, column):
                img = np.full((HEIGHT, WIDTH), np.nan)
                values = pd.to_numeric(df[column], errors='coerce').to_numpy(float)
                img[df.pixel_y.to_numpy(int), df.pixel_x.to_numpy(int)] = values
                return img


            def nice_length(x):
                e = 10 ** np.floor(np.log10(x))
                return next((m * e for m in (5, 2, 1) if m * e <= x), e)


            def scale_bar(ax):
                w, h = WIDTH * PIXEL_SIZE_UM, HEIGHT * PIXEL_SIZE_UM
                length, x0, y1, th = nice_length(w / 5), 0.05 * w, 0.95 * h, 0.015 * h
                ax.add_patch(Rectangle((x0, y1 - th), length, th, facecolor='black', edgecolor='white'))
                ax.text(x0 + length / 2, y1 - 1.6 * th, f'{length:g} µm', ha='center', va='bottom',
                        fontweight='bold', bbox=dict(facecolor='white', alpha=0.65, edgecolor='none', pad=1))


            def save(fig, name):
                fig.savefig(FIGURES / (name + '.png'), dpi=100, bbox_inches='tight')
                plt.show()


            def show_map(img, name, title, label, kind='sequential', centre=0.0, mask=True, log=False):
                img = np.log10(np.where(img > 0, img, np.nan)) if log else img.copy()
                if mask:
                    img = np.where(ON_SAMPLE, img, np.nan)
                shown = img[np.isfinite(img) & (ON_SAMPLE if mask else True)]
                lo, hi = np.percentile(shown, [LOW_PCT, HIGH_PCT]) if shown.size else (0.0, 1.0)
                if kind == 'diverging':
                    half = max(abs(lo - centre), abs(hi - centre)) or 1e-9
                    lo, hi, cmap = centre - half, centre + half, plt.get_cmap('RdBu_r').copy()
                else:
                    hi = hi if hi > lo else lo + 1e-9
                    cmap = plt.get_cmap('viridis').copy()
                cmap.set_bad('white')
                extent = [0, WIDTH * PIXEL_SIZE_UM, HEIGHT * PIXEL_SIZE_UM, 0]
                fig, ax = plt.subplots(figsize=(6.4, 5.2))
                im = ax.imshow(np.ma.masked_invalid(img), extent=extent, cmap=cmap, vmin=lo, vmax=hi,
                               interpolation='nearest')
                if mask:
                    off = np.ma.masked_where(ON_SAMPLE, np.ones((HEIGHT, WIDTH)))
                    ax.imshow(off, extent=extent, cmap=ListedColormap(['#c8c8c8']), interpolation='nearest')
                scale_bar(ax)
                fig.colorbar(im, ax=ax, label=('log10 ' if log else '') + label)
                ax.set_xlabel('x (µm)')
                ax.set_ylabel('y (µm, down)')
                ax.set_title(title + chr(10) + SAMPLE_ID + f' @ {PRESSURE_GPA:g} GPa', fontsize=10)
                save(fig, name)
            """, List.of());
        for (MapLayer layer : data.maps()) {
            String[] parts = layer.column().split("\\.", 2);
            String df = parts[0].equals("pixel_table") ? "pixel_table" : AcquisitionData.BASE_SWEEP;
            String kind = layer.scale() == MapLayer.Scale.DIVERGING ? "diverging" : "sequential";
            code("show_map(grid(" + df + ", " + py(parts[1]) + "), " + py(layer.name()) + ", " + py(layer.title())
                + ", " + py(layer.quantity()) + ", kind=" + py(kind) + ", centre=" + layer.centre()
                + (layer.scale() == MapLayer.Scale.LOG ? ", log=True" : "") + ")", png(byName.get(layer.name())));
        }

        markdown("## Phase diagram\n\nFrom `phase_diagram`: `SZZ_TAU` bins hold each pixel once (its Tc), `T_SZZ_TAU` "
            + "bins the pixel's superconducting state per temperature bin. Shear measure: `" + data.tauMeasure() + "`.");
        code("""
            def phase_heatmap(value, count, name, title, label, fixed=None):
                d = phase_diagram[phase_diagram.diagram == 'SZZ_TAU']
                fig, ax = plt.subplots(figsize=(6.4, 5.2))
                if d.empty:
                    ax.text(0.5, 0.5, 'no SZZ_TAU bins', ha='center', transform=ax.transAxes)
                    save(fig, name)
                    return
                xs = np.sort(d.sigma_zz_lo_gpa.unique())
                ys = np.sort(d.tau_lo_gpa.unique())
                dx = (d.sigma_zz_hi_gpa - d.sigma_zz_lo_gpa).iloc[0]
                dy = (d.tau_hi_gpa - d.tau_lo_gpa).iloc[0]
                img = np.full((len(ys), len(xs)), np.nan)
                counts = np.zeros((len(ys), len(xs)), int)
                for r in d.itertuples():
                    i, j = np.searchsorted(ys, r.tau_lo_gpa), np.searchsorted(xs, r.sigma_zz_lo_gpa)
                    counts[i, j] = int(count(r)) if np.isfinite(count(r)) else 0
                    img[i, j] = value(r) if counts[i, j] > 0 else np.nan
                finite = img[np.isfinite(img)]
                lo, hi = fixed if fixed else ((finite.min(), finite.max()) if finite.size else (0.0, 1.0))
                hi = hi if hi > lo else lo + 1e-9
                cmap = plt.get_cmap('viridis').copy()
                cmap.set_bad('white')
                m = ax.pcolormesh(np.append(xs, xs[-1] + dx), np.append(ys, ys[-1] + dy), np.ma.masked_invalid(img),
                                  cmap=cmap, vmin=lo, vmax=hi, shading='flat')
                for i in range(len(ys)):
                    for j in range(len(xs)):
                        if counts[i, j] > 0:
                            bright = np.isfinite(img[i, j]) and (img[i, j] - lo) / (hi - lo) > 0.55
                            ax.text(xs[j] + dx / 2, ys[i] + dy / 2, str(counts[i, j]), ha='center', va='center',
                                    fontsize=8, color='black' if bright else 'white')
                fig.colorbar(m, ax=ax, label=label)
                ax.set_xlabel('sigma_ZZ (GPa)')
                ax.set_ylabel(d.tau_measure.dropna().iloc[0].lower() + ' (GPa)' if d.tau_measure.notna().any() else 'tau (GPa)')
                ax.set_title(title + chr(10) + SAMPLE_ID + f' @ {PRESSURE_GPA:g} GPa', fontsize=10)
                save(fig, name)
            """, List.of());
        code("phase_heatmap(lambda r: r.sc_fraction, lambda r: r.n_pixels, 'phase_sc_fraction',\n"
            + "              'Superconducting fraction over (sigma_ZZ, tau); numbers: pixels',\n"
            + "              'superconducting fraction (1)', fixed=(0.0, 1.0))", png(byName.get("phase_sc_fraction")));
        code("phase_heatmap(lambda r: r.tc_median_k, lambda r: r.n_tc, 'phase_tc_median',\n"
            + "              'Median local Tc over (sigma_ZZ, tau); numbers: pixels with a Tc', 'median Tc (K)')",
            png(byName.get("phase_tc_median")));
        code("""
            t = phase_diagram[(phase_diagram.diagram == 'T_SZZ_TAU') & (phase_diagram.n_pixels > 0)]
            fig, ax = plt.subplots(figsize=(6.4, 5.2))
            if t.empty:
                ax.text(0.5, 0.5, 'no T_SZZ_TAU bins', ha='center', transform=ax.transAxes)
            else:
                ci = float(t.ci_level.dropna().iloc[0]) if t.ci_level.notna().any() else 0.95
                z = NormalDist().inv_cdf(0.5 + ci / 2)
                g = (t.groupby(['sigma_zz_lo_gpa', 'sigma_zz_hi_gpa', 'temperature_lo_k', 'temperature_hi_k'],
                               as_index=False)[['n_pixels', 'n_superconducting']].sum())
                bands = list(g.groupby(['sigma_zz_lo_gpa', 'sigma_zz_hi_gpa']))
                for k, ((lo, hi), band) in enumerate(bands):
                    n = band.n_pixels.to_numpy(float)
                    p = band.n_superconducting.to_numpy(float) / n
                    centre = (p + z * z / (2 * n)) / (1 + z * z / n)      # Wilson score interval
                    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
                    temp = (band.temperature_lo_k + band.temperature_hi_k).to_numpy(float) / 2
                    colour = plt.get_cmap('viridis')(0.9 * k / max(1, len(bands) - 1))
                    lo_ci, hi_ci = np.maximum(0, centre - half), np.minimum(1, centre + half)
                    ax.errorbar(temp, p, yerr=[np.clip(p - lo_ci, 0, None), np.clip(hi_ci - p, 0, None)],
                                marker='o', capsize=3, color=colour, label=f'sigma_ZZ {lo:g}-{hi:g} GPa')
                ax.legend(fontsize=8)
            ax.set_xlabel('temperature (K)')
            ax.set_ylabel('superconducting fraction (1)')
            ax.set_ylim(-0.02, 1.02)
            ax.set_title('Superconducting fraction vs temperature by sigma_ZZ band (pooled over tau)' + chr(10)
                         + SAMPLE_ID + f' @ {PRESSURE_GPA:g} GPa', fontsize=10)
            save(fig, 'phase_fraction_vs_t')
            """, png(byName.get("phase_fraction_vs_t")));

        markdown("## Fit quality\n\nFit status and reduced chi^2 of every pixel for the base sweep"
            + (data.baseSweep() == null ? " (none: no sweep with a field)." : " `" + data.baseSweep().sweepId() + "`."));
        if (data.baseSweep() != null) {
            code("""
                status = np.full((HEIGHT, WIDTH), None, object)
                status[base_sweep.pixel_y.to_numpy(int), base_sweep.pixel_x.to_numpy(int)] = base_sweep.fit_status
                names = ['OK'] + sorted(set(base_sweep.fit_status.dropna()) - {'OK'},
                                        key=lambda s: -int((base_sweep.fit_status == s).sum()))
                palette = ['#4daf4a', '#e41a1c', '#377eb8', '#ff7f00', '#984ea3', '#a65628', '#f781bf', '#999999']
                codes = np.full((HEIGHT, WIDTH), np.nan)
                for k, s in enumerate(names):
                    codes[status == s] = k
                fig, ax = plt.subplots(figsize=(6.4, 5.2))
                cmap = ListedColormap([palette[k % len(palette)] for k in range(len(names))])
                cmap.set_bad('white')
                ax.imshow(np.ma.masked_invalid(codes), extent=[0, WIDTH * PIXEL_SIZE_UM, HEIGHT * PIXEL_SIZE_UM, 0],
                          cmap=cmap, vmin=-0.5, vmax=len(names) - 0.5, interpolation='nearest')
                total = len(base_sweep)
                ax.legend(handles=[Patch(color=palette[k % len(palette)],
                                         label=f'{s} {int((base_sweep.fit_status == s).sum())} '
                                               f'({100 * (base_sweep.fit_status == s).sum() / total:.1f} %)')
                                   for k, s in enumerate(names)], loc='center left', bbox_to_anchor=(1.01, 0.5), fontsize=8)
                scale_bar(ax)
                ax.set_xlabel('x (µm)')
                ax.set_ylabel('y (µm, down)')
                ax.set_title(f'Fit status, sweep {BASE_SWEEP}' + chr(10) + SAMPLE_ID + f' @ {PRESSURE_GPA:g} GPa', fontsize=10)
                save(fig, 'fit_status')
                """, png(byName.get("fit_status")));
            code("show_map(grid(base_sweep, 'reduced_chi2'), 'fit_chi2', f'Fit quality: reduced chi^2, sweep {BASE_SWEEP}',\n"
                + "         'reduced chi^2 (1)', mask=False, log=True)", png(byName.get("fit_chi2")));
        }
        markdown("## Run\n\nThe run manifest (inputs with SHA-256, configuration, row counts, time per stage) is in "
            + "`report.html` beside this notebook when `culet export report` wrote it, and in the warehouse under "
            + "`manifests/" + Warehouse.partitionSubpath(data.sampleId(), data.pressureGpa()) + "/manifest.json`.");
        code("status_counts.pivot_table(index='table_name', columns='status', values='n', fill_value=0)", List.of());
    }

    private static List<ObjectNode> png(Figure figure) throws IOException {
        if (figure == null) {
            return List.of();
        }
        ObjectNode out = MAPPER.createObjectNode();
        out.put("output_type", "display_data");
        ObjectNode d = out.putObject("data");
        d.put("image/png", Base64.getEncoder().encodeToString(Files.readAllBytes(figure.png())));
        d.put("text/plain", "<culet figure " + figure.name() + " (drawn by culet export; run the cell to redraw)>");
        out.putObject("metadata");
        return List.of(out);
    }

    private void markdown(String text) {
        ObjectNode c = cell("markdown");
        c.set("source", source(text));
        cells.add(c);
    }

    private void code(String text, List<ObjectNode> outputs) {
        ObjectNode c = cell("code");
        c.putNull("execution_count");
        c.set("source", source(text.stripTrailing()));
        ArrayNode o = c.putArray("outputs");
        o.addAll(outputs);
        cells.add(c);
    }

    private ObjectNode cell(String type) {
        ObjectNode c = MAPPER.createObjectNode();
        c.put("cell_type", type);
        c.put("id", String.format(Locale.ROOT, "culet-%03d", cells.size() + 1));
        c.putObject("metadata");
        return c;
    }

    /** nbformat's multi-line string: a list of lines, each but the last ending with a newline. */
    private static ArrayNode source(String text) {
        ArrayNode a = MAPPER.createArrayNode();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            a.add(i < lines.length - 1 ? lines[i] + "\n" : lines[i]);
        }
        return a;
    }

    /** A Python string literal (single quotes; backslashes and quotes escaped). */
    static String py(String s) {
        StringBuilder sb = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    private static String pyList(List<String> items) {
        List<String> q = new ArrayList<>();
        for (String s : items) {
            q.add(py(s));
        }
        return "[" + String.join(", ", q) + "]";
    }

    /** A local path for Python: file: URIs lose their scheme; other URIs stay as they are. */
    static String localPath(String warehouseRoot) {
        if (warehouseRoot.startsWith("file:")) {
            return java.nio.file.Paths.get(java.net.URI.create(warehouseRoot.replaceFirst("^file:/+", "file:///")))
                .toString();
        }
        return warehouseRoot;
    }
}
