package dev.descent.train;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.descent.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Writes a {@link History} as CSV or JSON (see {@link History#save}), atomically. */
final class HistoryFiles {
    private static final JsonFactory JSON = new JsonFactory();

    private HistoryFiles() {
    }

    static void save(History h, Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            AtomicFiles.write(path, out -> csv(h, out));
        } else if (name.endsWith(".json")) {
            AtomicFiles.write(path, out -> json(h, out));
        } else {
            throw new IllegalArgumentException("Invalid history file name '" + path + "': the extension picks the format and"
                    + " must be .csv or .json. Fix: e.g. history.save(Path.of(\"history.csv\")).");
        }
    }

    /** The metric names of every epoch, sorted (an epoch's metrics have no order of their own). */
    private static List<String> metricNames(History h) {
        Set<String> names = new TreeSet<>();
        for (EpochRecord e : h.epochs()) {
            names.addAll(e.metrics().keySet());
        }
        return new ArrayList<>(names);
    }

    private static void csv(History h, OutputStream out) throws IOException {
        List<String> metrics = metricNames(h);
        Map<Long, EpochRecord> endedBy = new HashMap<>(); // the step that ended each epoch carries its values
        List<StepRecord> steps = h.steps();
        for (EpochRecord e : h.epochs()) {
            for (int i = steps.size() - 1; i >= 0; i--) {
                if (steps.get(i).epoch() == e.epoch()) {
                    endedBy.put(steps.get(i).step(), e);
                    break;
                }
            }
        }
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        StringBuilder row = new StringBuilder("step,epoch,loss,lr,samples,totalSamples,gradNorm,skipped,epochLoss");
        for (String m : metrics) {
            row.append(',').append(csvField(m));
        }
        w.write(row.append("\r\n").toString());
        for (StepRecord s : steps) {
            row.setLength(0);
            row.append(s.step()).append(',').append(s.epoch()).append(',').append(s.loss()).append(',').append(s.lr())
                    .append(',').append(s.samples()).append(',').append(s.totalSamples()).append(',').append(s.gradNorm())
                    .append(',').append(s.skipped()).append(',');
            EpochRecord e = endedBy.get(s.step());
            if (e != null) {
                row.append(e.meanLoss());
            }
            for (String m : metrics) {
                row.append(',');
                Double v = e == null ? null : e.metrics().get(m);
                if (v != null) {
                    row.append(v.doubleValue());
                }
            }
            w.write(row.append("\r\n").toString());
        }
        w.flush();
    }

    /** RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled. */
    private static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static void json(History h, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("stopReason", h.stopReason());
            g.writeArrayFieldStart("steps");
            for (StepRecord s : h.steps()) {
                g.writeStartObject();
                g.writeNumberField("step", s.step());
                g.writeNumberField("epoch", s.epoch());
                number(g, "loss", s.loss());
                number(g, "lr", s.lr());
                g.writeNumberField("samples", s.samples());
                g.writeNumberField("totalSamples", s.totalSamples());
                number(g, "gradNorm", s.gradNorm());
                g.writeBooleanField("skipped", s.skipped());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("epochs");
            for (EpochRecord e : h.epochs()) {
                g.writeStartObject();
                g.writeNumberField("epoch", e.epoch());
                g.writeNumberField("steps", e.steps());
                number(g, "meanLoss", e.meanLoss());
                g.writeObjectFieldStart("metrics");
                for (Map.Entry<String, Double> m : new TreeMap<>(e.metrics()).entrySet()) {
                    number(g, m.getKey(), m.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("trajectory");
            for (History.Snapshot s : h.trajectory()) {
                g.writeStartObject();
                g.writeNumberField("step", s.step());
                g.writeObjectFieldStart("params");
                for (Map.Entry<String, float[]> p : new TreeMap<>(s.params()).entrySet()) {
                    g.writeArrayFieldStart(p.getKey());
                    for (float v : p.getValue()) {
                        if (Float.isFinite(v)) {
                            g.writeNumber(v);
                        } else {
                            g.writeNull();
                        }
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** JSON has no NaN or infinity: a non-finite value is written as null. */
    private static void number(JsonGenerator g, String field, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(field, v);
        } else {
            g.writeNullField(field);
        }
    }
}
