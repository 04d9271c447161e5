package dev.descent.dsl.report;

import dev.descent.dsl.chart.Series;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.DescentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders a {@link Report}: its data as JSON in a {@code <script type="application/json">} element,
 * then ECharts and {@code report.js} (which draws every section from that JSON) inlined.
 */
final class ReportHtml {
    /** The ECharts WebJar's version, unpacked into this package at build time (see dsl/pom.xml). */
    static final String ECHARTS_VERSION = "5.3.1";
    /** Every request is refused: the page shows what the file holds, and nothing leaks out. */
    static final String CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ReportHtml() {
    }

    /** The scripts and the style, read once. */
    private static final class Assets {
        static final String ECHARTS = resource("echarts/echarts.min.js");
        static final String SCRIPT = resource("report.js");
        static final String STYLE = resource("report.css");
    }

    static String render(Report report) {
        StringBuilder html = new StringBuilder(Assets.ECHARTS.length() + 64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"Descent (dev.descent.dsl.report)\">\n")
                .append("<title>").append(escape(report.title())).append("</title>\n")
                .append("<style>\n").append(Assets.STYLE).append("</style>\n</head>\n<body>\n<header>\n<h1>")
                .append(escape(report.title())).append("</h1>\n");
        if (!report.subtitle().isEmpty()) {
            html.append("<p class=\"subtitle\">").append(escape(report.subtitle())).append("</p>\n");
        }
        html.append("</header>\n<main id=\"report\"></main>\n")
                .append("<noscript><p class=\"noscript\">This report draws its charts with JavaScript: allow scripts for"
                        + " this file to see them.</p></noscript>\n")
                .append("<footer>Written by Descent. Charts: Apache ECharts ").append(ECHARTS_VERSION)
                .append(" (Apache-2.0), inlined in this file, which needs no network.</footer>\n")
                .append("<script type=\"application/json\" id=\"descent-data\">").append(data(report)).append("</script>\n")
                .append("<script>\n").append(Assets.ECHARTS).append("\n</script>\n")
                .append("<script>\n").append(Assets.SCRIPT).append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    /** The report's sections as JSON, safe inside a script element ({@code <} escaped everywhere). */
    static String data(Report report) {
        ObjectNode root = NODES.objectNode();
        root.put("title", report.title());
        ArrayNode sections = root.putArray("sections");
        for (Section s : report.sections()) {
            sections.add(section(s));
        }
        try {
            // '<' occurs only inside strings in JSON, where \u003c means the same
            return JSON.writeValueAsString(root).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the report's data: " + e.getMessage(), e);
        }
    }

    private static ObjectNode section(Section s) {
        ObjectNode n = NODES.objectNode();
        if (s instanceof SurfaceView v) {
            surface(n, v);
        } else if (s instanceof LineChart c) {
            lines(n, c);
        } else if (s instanceof ConfusionMatrix m) {
            confusion(n, m);
        } else if (s instanceof Text t) {
            n.put("kind", "text");
            n.put("text", t.text());
        } else {
            throw new IllegalStateException("unknown section " + s.getClass());
        }
        return n;
    }

    /** What every chart section has: its kind, title, caption and axis names. */
    private static void axes(ObjectNode n, String kind, AxesSection a) {
        n.put("kind", kind);
        n.put("title", a.title());
        n.put("caption", a.caption());
        n.put("xLabel", a.xLabel());
        n.put("yLabel", a.yLabel());
    }

    private static void surface(ObjectNode n, SurfaceView v) {
        axes(n, "surface", v);
        n.put("zLabel", v.zLabel());
        double[] gx = v.gridX();
        double[] gy = v.gridY();
        numbers(n.putArray("x"), gx);
        numbers(n.putArray("y"), gy);
        ArrayNode z = n.putArray("z");
        for (int j = 0; j < gy.length; j++) {
            ArrayNode row = z.addArray();
            for (int i = 0; i < gx.length; i++) {
                number(row, v.valueAt(i, j));
            }
        }
        ArrayNode paths = n.putArray("paths");
        List<Trajectory> ts = v.paths();
        for (int p = 0; p < ts.size(); p++) {
            Trajectory t = ts.get(p);
            ObjectNode path = paths.addObject();
            path.put("name", t.name());
            ArrayNode steps = path.putArray("step");
            for (long s : t.steps()) {
                steps.add(s);
            }
            numbers(path.putArray("x"), t.x());
            numbers(path.putArray("y"), t.y());
            numbers(path.putArray("z"), v.pathValues(p));
        }
    }

    private static void lines(ObjectNode n, LineChart c) {
        axes(n, "lines", c);
        n.put("logX", c.logX());
        n.put("logY", c.logY());
        ArrayNode curves = n.putArray("curves");
        for (Series curve : c.curves()) {
            ObjectNode o = curves.addObject();
            o.put("name", curve.name());
            numbers(o.putArray("x"), curve.x());
            numbers(o.putArray("y"), curve.y());
        }
    }

    private static void confusion(ObjectNode n, ConfusionMatrix m) {
        n.put("kind", "confusion");
        n.put("title", m.title());
        n.put("caption", m.caption());
        ArrayNode labels = n.putArray("labels");
        m.labels().forEach(labels::add);
        ArrayNode counts = n.putArray("counts");
        for (int t = 0; t < m.classes(); t++) {
            ArrayNode row = counts.addArray();
            for (int p = 0; p < m.classes(); p++) {
                row.add(m.count(t, p));
            }
        }
    }

    private static void numbers(ArrayNode a, double[] values) {
        for (double v : values) {
            number(a, v);
        }
    }

    /** Finite values as numbers, anything else as null (JSON has no NaN). */
    private static void number(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.addNull();
        }
    }

    /** Text for HTML element content and attribute values. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String resource(String name) {
        try (InputStream in = ReportHtml.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new DescentException("The report asset dev/descent/dsl/report/" + name + " is missing from the class"
                        + " path. Fix: rebuild descent-dsl (mvn -pl dsl package), which unpacks ECharts from its WebJar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the report asset " + name + ": " + e.getMessage(), e);
        }
    }
}
