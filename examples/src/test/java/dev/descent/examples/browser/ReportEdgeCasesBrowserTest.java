package dev.descent.examples.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.dsl.report.ConfusionMatrix;
import dev.descent.dsl.chart.HistorySeries;
import dev.descent.dsl.chart.Series;
import dev.descent.dsl.report.Report;
import dev.descent.dsl.report.Trajectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report built with the DSL's builder from awkward data, opened in headless Chromium: holes in the
 * surface, a flat surface, a one-point path, paths with gaps and off the mesh, curves with nothing to draw on a log
 * axis, a one-class confusion matrix, and names full of markup. The page must draw all of it without
 * an error, and show the names as text (markup in a name is never run: an injected image would be
 * refused by the page's Content-Security-Policy and logged).
 */
class ReportEdgeCasesBrowserTest {
    static final String MARKUP = "<img src=x onerror=alert(1)> & <b>bold</b>";

    @TempDir
    static Path dir;
    static HeadlessChromium browser;

    @BeforeAll
    static void open() {
        browser = HeadlessChromium.startIfInstalled(1280, 900);
        if (browser == null) {
            return; // every test is skipped, with the install hint
        }
        Path file = Report.builder().title(MARKUP).subtitle(MARKUP).text(MARKUP)
                .surface(s -> s.title(MARKUP).xLabel(MARKUP).function((x, y) -> x < -0.5 && y < -0.5 ? Double.NaN : x * y)
                        .xRange(-1, 1).yRange(-1, 1).resolution(12)
                        .path(Trajectory.of(MARKUP, new double[] {0.5}, new double[] {0.5}))
                        .path(Trajectory.of("gaps and outside", new double[] {0, Double.NaN, 0.2, 3, -0.9},
                                new double[] {0, 0.1, Double.NaN, 3, -0.9})))
                .surface(s -> s.title("flat").function((x, y) -> 1).xRange(0, 1).yRange(0, 1).resolution(2))
                .lineChart(c -> c.title("nothing positive").logX(true).logY(true)
                        .curve(new Series("all at or below zero", new double[] {0, 1, 2}, new double[] {0, -1, -2}))
                        .curve(new Series(MARKUP, new double[] {1, 2, 3}, new double[] {1, Double.NaN, 0.5})))
                .lineChart(c -> c.curve(new Series("one point", new double[] {1}, new double[] {1})))
                .add(ConfusionMatrix.of("one class", new long[][] {{0}}).withLabels(List.of(MARKUP)))
                .build().write(dir.resolve("edge.html"));
        browser.navigate(file.toUri().toString());
        browser.waitFor("window.descentReport && descentReport.ready", Duration.ofSeconds(30));
        browser.settle();
    }

    @BeforeEach
    void needsTheBrowser() {
        HeadlessChromium.skipWithout(browser);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void everythingDrawsWithoutAnError() {
        assertEquals("[]", browser.eval("descentReport.errors").toString());
        List<HeadlessChromium.Message> bad = browser.messages().stream()
                .filter(m -> m.level().equals("error") || m.level().equals("warning")).toList();
        assertTrue(bad.isEmpty(), "the page logged: " + bad);
        assertEquals(List.of("text", "surface", "surface", "lines", "lines", "confusion"),
                names(browser.eval("descentReport.sections.map(s => s.kind)")));
        assertEquals(0, browser.eval("document.querySelectorAll('img').length + [...document.querySelectorAll('b')]"
                + ".filter(b => b.textContent === 'bold').length").asInt(), "no element made from the markup in names");
        assertTrue(browser.eval("document.querySelector('h1').textContent").asText().equals(MARKUP));
    }

    @Test
    void markupInANameIsShownAsText() {
        String surface = "descentReport.sections.find(s => s.kind === 'surface')";
        JsonNode p = browser.eval(surface + ".screenPoint(0, 0)");
        browser.mouse("mouseMoved", 3, 3, false);
        browser.mouse("mouseMoved", p.get("x").asDouble(), p.get("y").asDouble(), false);
        String tip = surface + ".chart.getDom().querySelector('.descent-tooltip')";
        browser.waitFor(tip + " && " + tip + ".innerText.includes('step 0')", Duration.ofSeconds(10));
        assertTrue(browser.eval(tip + ".innerText").asText().contains(MARKUP), browser.eval(tip + ".innerHTML").asText());
        assertEquals(0, browser.eval(tip + ".querySelectorAll('img').length").asInt());
        assertEquals(0, browser.eval("document.querySelectorAll('img').length").asInt());
        // ECharts' own tooltip of a line chart encodes the names too
        String lines = "descentReport.sections.find(s => s.kind === 'lines')";
        browser.eval(lines + ".chart.dispatchAction({type: 'showTip', seriesIndex: 1, dataIndex: 0}) || true");
        String lineTip = lines + ".chart.getDom().querySelector('.descent-tooltip')";
        browser.waitFor(lineTip + " && " + lineTip + ".innerText.includes('bold')", Duration.ofSeconds(10));
        assertTrue(browser.eval(lineTip + ".innerText").asText().contains(MARKUP), browser.eval(lineTip + ".innerHTML").asText());
        assertEquals(0, browser.eval("document.querySelectorAll('img').length").asInt());
        // the point outside the ranges is drawn where it is; the gaps are not drawn
        assertTrue(browser.eval(surface + ".screenPoint(1, 3)").isObject());
        assertTrue(browser.eval(surface + ".screenPoint(1, 1)").isNull());
    }

    private static List<String> names(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
