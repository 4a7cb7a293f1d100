package org.culet.export.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.culet.export.figures.Figure;
import org.culet.export.model.AcquisitionData;
import org.culet.export.model.Extract;
import org.culet.export.model.SweepInfo;
import org.culet.warehouse.Manifest;

/**
 * Writes the HTML report of one acquisition: the figures (PNG beside it, SVG linked) and the run manifest (inputs
 * with SHA-256, configuration, row counts, statuses, quarantine, time per stage). One self-contained page with
 * relative links; it opens in any browser. A script in the page sets {@code data-images-loaded} on the html element
 * to "loaded/total" once every image has loaded (the Chromium test reads it).
 */
public final class ReportWriter {
    /** File name of the report inside the export folder. */
    public static final String FILE = "report.html";

    private ReportWriter() {
    }

    public static Path write(AcquisitionData data, List<Figure> figures, Path dir) throws IOException {
        Files.createDirectories(dir);
        Manifest m = data.manifest();
        StringBuilder h = new StringBuilder(32_768);
        h.append("<!DOCTYPE html>\n<html lang=\"en\" data-images-loaded=\"pending\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<title>culet report: ").append(esc(data.label())).append("</title>\n<style>\n")
            .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1320px;")
            .append("padding:0 1rem;color:#222}\nh1{margin-bottom:.2rem}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;")
            .append("margin-top:2rem}\n.meta{color:#555}\n.figs{display:grid;grid-template-columns:repeat(auto-fill,")
            .append("minmax(420px,1fr));gap:1.2rem}\nfigure{margin:0;border:1px solid #e4e4e4;padding:.5rem;")
            .append("background:#fff}\nfigure img{width:100%;height:auto;display:block}\nfigcaption{font-size:.85rem;")
            .append("color:#444;margin-top:.4rem}\ntable{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}\n")
            .append("td,th{border:1px solid #ddd;padding:.2rem .6rem;text-align:left}\nth{background:#f4f4f4}\n")
            .append("td.num{text-align:right;font-variant-numeric:tabular-nums}\n.bar{background:#5b8def;height:.7rem}\n")
            .append("pre{background:#f7f7f7;padding:.8rem;overflow:auto;font-size:.8rem;max-height:40rem}\n")
            .append("code{font-size:.85rem}\n</style>\n</head>\n<body>\n");
        h.append("<h1>culet: ").append(esc(data.label())).append("</h1>\n<p class=\"meta\">run <code>")
            .append(esc(m.runId())).append("</code> (").append(esc(m.mode())).append("), culet ")
            .append(esc(m.codeVersion())).append(", table schema ").append(m.schemaVersion()).append(", started ")
            .append(esc(m.startedUtc().toString())).append(", published ").append(esc(m.committedUtc().toString()))
            .append("<br>").append(data.width()).append(" x ").append(data.height()).append(" px of ")
            .append(fmt(data.pixelSizeUm())).append(" \u00b5m; ").append(data.sweeps().size()).append(" sweeps")
            .append(data.baseSweep() == null ? "" : "; field maps from sweep <code>" + esc(data.baseSweep().sweepId())
                + "</code> (" + esc(data.baseSweep().protocol()) + ", " + fmt(data.baseSweep().temperatureK()) + " K, "
                + fmt(data.baseSweep().appliedFieldGauss()) + " G)")
            .append("</p>\n");
        h.append("<p>Contents: <a href=\"#figures\">figures</a> &middot; <a href=\"#counts\">counts and statuses</a> ")
            .append("&middot; <a href=\"#stages\">time per stage</a> &middot; <a href=\"#inputs\">inputs</a> &middot; ")
            .append("<a href=\"#sweeps\">sweeps</a> &middot; <a href=\"#config\">configuration</a>")
            .append(Files.exists(dir.resolve("notebook.ipynb")) ? " &middot; <a href=\"notebook.ipynb\">notebook</a>" : "")
            .append("</p>\n");

        h.append("<h2 id=\"figures\">Figures</h2>\n<div class=\"figs\">\n");
        for (Figure f : figures) {
            String png = dir.relativize(f.png()).toString().replace('\\', '/');
            String svg = dir.relativize(f.svg()).toString().replace('\\', '/');
            h.append("<figure id=\"fig-").append(esc(f.name())).append("\"><a href=\"").append(esc(svg))
                .append("\"><img src=\"").append(esc(png)).append("\" alt=\"").append(esc(f.title()))
                .append("\"></a><figcaption><b>").append(esc(f.title())).append(".</b> ").append(esc(f.caption()))
                .append(" <a href=\"").append(esc(svg)).append("\">SVG</a></figcaption></figure>\n");
        }
        h.append("</div>\n");

        h.append("<h2 id=\"counts\">Counts and statuses</h2>\n<table><tr><th>table</th><th>rows</th><th>statuses</th></tr>\n");
        for (Map.Entry<String, Long> e : m.rowCounts().entrySet()) {
            Map<String, Long> st = data.statusCounts().get(e.getKey());
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"num\">").append(e.getValue())
                .append("</td><td>").append(st == null ? "" : esc(statuses(st))).append("</td></tr>\n");
        }
        h.append("</table>\n<p>Quarantined rows: ").append(m.quarantinedTotal()).append("</p>\n");
        if (!m.quarantineCounts().isEmpty()) {
            h.append("<table><tr><th>stage/reason</th><th>rows</th></tr>\n");
            m.quarantineCounts().forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td class=\"num\">")
                .append(v).append("</td></tr>\n"));
            h.append("</table>\n");
        }

        h.append("<h2 id=\"stages\">Time per stage</h2>\n<table><tr><th>stage</th><th>s</th><th></th></tr>\n");
        double max = m.stageTimesS().values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double total = 0;
        for (Map.Entry<String, Double> e : m.stageTimesS().entrySet()) {
            total += e.getValue();
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"num\">")
                .append(String.format(Locale.ROOT, "%.1f", e.getValue())).append("</td><td style=\"width:18rem\">")
                .append("<div class=\"bar\" style=\"width:").append(String.format(Locale.ROOT, "%.1f",
                    max > 0 ? 100 * e.getValue() / max : 0)).append("%\"></div></td></tr>\n");
        }
        h.append("<tr><th>total</th><td class=\"num\">").append(String.format(Locale.ROOT, "%.1f", total))
            .append("</td><td></td></tr>\n</table>\n");
        if (!m.properties().isEmpty()) {
            h.append("<table><tr><th>property</th><th>value</th></tr>\n");
            m.properties().forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v))
                .append("</td></tr>\n"));
            h.append("</table>\n");
        }

        h.append("<h2 id=\"inputs\">Inputs</h2>\n<p>").append(m.inputChecksums().size())
            .append(" files; SHA-256 over the sorted (path, sha256) list: <code>").append(esc(m.inputsSha256()))
            .append("</code></p>\n<details><summary>every input file</summary>\n<table><tr><th>file</th><th>SHA-256</th></tr>\n");
        m.inputChecksums().forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td><code>").append(esc(v))
            .append("</code></td></tr>\n"));
        h.append("</table></details>\n");

        h.append("<h2 id=\"sweeps\">Sweeps</h2>\n<details><summary>").append(data.sweeps().size())
            .append(" sweeps</summary>\n<table><tr><th>sweep</th><th>protocol</th><th>T (K)</th><th>B applied (G)</th>")
            .append("<th>status</th></tr>\n");
        for (SweepInfo s : data.sweeps()) {
            h.append("<tr><td>").append(esc(s.sweepId())).append("</td><td>").append(esc(s.protocol()))
                .append("</td><td class=\"num\">").append(fmt(s.temperatureK())).append("</td><td class=\"num\">")
                .append(fmt(s.appliedFieldGauss())).append("</td><td>").append(esc(s.status())).append("</td></tr>\n");
        }
        h.append("</table></details>\n");

        h.append("<h2 id=\"config\">Configuration</h2>\n<p>From ").append(esc(m.configOrigin()))
            .append("; the effective configuration of the run:</p>\n<details><summary>effective configuration (HOCON)")
            .append("</summary>\n<pre>").append(esc(m.effectiveConfig())).append("</pre></details>\n");

        h.append("<h2>SQL of the extracts</h2>\n");
        for (Extract e : data.extracts().values()) {
            h.append("<p><b>").append(esc(e.name())).append("</b> (").append(e.rows().size()).append(" rows)</p><pre>")
                .append(esc(e.sql().strip())).append("</pre>\n");
        }
        h.append("""
            <script>
            window.addEventListener('load', function () {
              var imgs = Array.prototype.slice.call(document.images);
              var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
              document.documentElement.setAttribute('data-images-loaded', ok + '/' + imgs.length);
            });
            </script>
            </body>
            </html>
            """);
        Path file = dir.resolve(FILE);
        Files.writeString(file, h.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private static String statuses(Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder sb = new StringBuilder();
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).forEach(e -> {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(' ').append(e.getValue())
                .append(String.format(Locale.ROOT, " (%.1f %%)", 100.0 * e.getValue() / Math.max(1, total)));
        });
        return sb.toString();
    }

    private static String fmt(double v) {
        return AcquisitionData.formatNumber(Math.round(v * 1000) / 1000.0);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
