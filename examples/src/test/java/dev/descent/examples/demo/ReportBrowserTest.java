package dev.descent.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.examples.browser.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Opens the demo's {@code report.html} in headless Chromium, as a reader would from disk, and checks
 * it there: nothing logged as an error, no request beyond the file itself, the 3D bowl drawn (its
 * canvas holds the surface's many shades), every expected series present, and the interactions:
 * dragging turns the bowl, the wheel zooms, hovering a step shows its step, x, y and loss, the legend
 * hides a path, the log-axis switch works. Screenshots go to {@code target/report-screenshots/}.
 *
 * <p>Skipped where no Chromium is installed, unless {@code DESCENT_REQUIRE_BROWSER=1} (as in CI).
 */
class ReportBrowserTest {
    static final int WIDTH = 1280;
    static final int HEIGHT = 1000;
    static final Path SCREENSHOTS = Path.of("target", "report-screenshots");
    /** The surface section, in the page. */
    static final String SURFACE = "descentReport.sections.find(s => s.kind === 'surface')";

    static HeadlessChromium browser;
    static SmallDemo.Output demo;
    static Path file;

    @BeforeAll
    static void open() {
        browser = HeadlessChromium.startIfInstalled(WIDTH, HEIGHT);
        if (browser == null) {
            return; // every test is skipped, with the install hint
        }
        demo = SmallDemo.get();
        file = demo.out().resolve(DemoReport.FILE);
        browser.navigate(file.toUri().toString());
        browser.waitFor("window.descentReport && descentReport.ready", Duration.ofSeconds(30));
        browser.settle();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Every test starts from the report's opening view. */
    @BeforeEach
    void homeView() {
        HeadlessChromium.skipWithout(browser);
        browser.eval("(() => { const s = " + SURFACE + "; window.scrollTo(0, 0);"
                + " s.chart.dispatchAction({type: 'legendAllSelect'}); s.chart.dispatchAction({type: 'hideTip'});"
                + " s.chart.getDom().dispatchEvent(new MouseEvent('dblclick')); return true; })()");
        browser.settle();
    }

    @Test
    void opensWithoutErrorsAndWithoutTheNetwork() {
        assertEquals("true", browser.eval("document.body.getAttribute('data-report-ready')").asText(),
                "report.js reported errors: " + browser.eval("descentReport.errors"));
        List<HeadlessChromium.Message> bad = browser.messages().stream()
                .filter(m -> !m.level().equals("log") && !m.level().equals("info") && !m.level().equals("debug")
                        && !m.level().equals("verbose"))
                .toList();
        assertTrue(bad.isEmpty(), "the page logged errors or warnings: " + bad);
        List<String> elsewhere = browser.requests().stream().filter(u -> !u.equals(file.toUri().toString())).toList();
        assertTrue(elsewhere.isEmpty(), "the report made requests beyond its own file: " + elsewhere);
        assertTrue(browser.eval("typeof echarts === 'object' && echarts.version").asText().startsWith("5."));
    }

    @Test
    void theBowlIsDrawnIn3D() {
        JsonNode px = canvasStats(SURFACE);
        assertTrue(px.get("width").asInt() >= 1000 && px.get("height").asInt() >= 500, px.toString());
        // the surface's viridis shades, the paths, the axes: far from a blank canvas
        assertTrue(px.get("painted").asDouble() > 0.15, "too little of the 3D view is painted: " + px);
        assertTrue(px.get("colours").asInt() > 500, "too few colours in the 3D view: " + px);
        assertTrue(px.get("dark").asInt() > 1000 && px.get("yellow").asInt() > 200,
                "the surface's low (dark violet) and high (yellow) ends are missing: " + px);
    }

    @Test
    void everyExpectedSeriesIsThere() {
        JsonNode sections = browser.eval("descentReport.sections.map(s => ({kind: s.kind, title: s.title,"
                + " series: s.chart ? s.chart.getOption().series.filter(x => !x.silent)"
                + ".map(x => ({name: x.name, points: x.data.length, sum: x.data.reduce((a, d) =>"
                + " a + (Array.isArray(d) ? 0 : d.value ? d.value[2] : 0), 0)})) : []}))");
        List<String> kinds = new ArrayList<>();
        sections.forEach(s -> kinds.add(s.get("kind").asText()));
        assertEquals(List.of("text", "surface", "lines", "lines", "lines", "lines", "confusion"), kinds);

        JsonNode paths = sections.get(1).get("series");
        assertEquals(2, paths.size(), paths.toString());
        assertEquals(DemoReport.GD_PATH, paths.get(0).get("name").asText());
        assertTrue(paths.get(1).get("name").asText().startsWith(DemoReport.SGD_PATH_PREFIX), paths.toString());
        int points = SmallDemo.SMALL.bowlSteps() + 1;
        assertEquals(points, paths.get(0).get("points").asInt());
        assertEquals(points, paths.get(1).get("points").asInt());

        for (int chart : new int[] {2, 3}) {
            JsonNode series = sections.get(chart).get("series");
            assertEquals(3, series.size(), series.toString());
            assertTrue(series.get(0).get("name").asText().startsWith("GD, 3 steps"), series.toString());
            assertTrue(series.get(1).get("name").asText().startsWith("SGD, 600 steps"), series.toString());
            assertTrue(series.get(2).get("name").asText().startsWith("mini-batch, 39 steps"), series.toString());
            series.forEach(s -> assertTrue(s.get("points").asInt() >= 3, s.toString()));
        }
        int epochs = SmallDemo.SMALL.digitsEpochs();
        JsonNode loss = sections.get(4).get("series");
        assertEquals(List.of("training loss", "validation loss"), names(loss));
        loss.forEach(s -> assertEquals(epochs, s.get("points").asInt(), s.toString()));
        JsonNode acc = sections.get(5).get("series");
        assertEquals(List.of("validation accuracy"), names(acc));
        assertEquals(epochs, acc.get(0).get("points").asInt());

        JsonNode cm = sections.get(6).get("series").get(0);
        assertEquals(100, cm.get("points").asInt(), "a 10 x 10 confusion matrix");
        assertEquals(demo.run().digits().validationSize(), cm.get("sum").asInt(), "every held-out image counted once");
    }

    @Test
    void draggingTurnsTheBowl() {
        double az = browser.eval(SURFACE + ".view.az").asDouble();
        double el = browser.eval(SURFACE + ".view.el").asDouble();
        String before = canvasStats(SURFACE).get("hash").asText();
        JsonNode box = rect(SURFACE + ".chart.getDom()");
        double x = box.get("x").asDouble() + box.get("width").asDouble() / 2;
        double y = box.get("y").asDouble() + box.get("height").asDouble() / 2;
        browser.drag(x, y, x + 150, y + 40, 10);
        browser.settle();
        double turned = browser.eval(SURFACE + ".view.az").asDouble();
        assertEquals(az - 150 * 0.008, turned, 1e-9, "150 px to the right turns the bowl by 1.2 radians");
        assertEquals(el + 40 * 0.008, browser.eval(SURFACE + ".view.el").asDouble(), 1e-9, "dragging down tilts the view up");
        assertNotEquals(before, canvasStats(SURFACE).get("hash").asText(), "the canvas did not change");
    }

    @Test
    void theWheelZooms() {
        double zoom = browser.eval(SURFACE + ".view.zoom").asDouble();
        JsonNode box = rect(SURFACE + ".chart.getDom()");
        browser.wheel(box.get("x").asDouble() + 400, box.get("y").asDouble() + 300, -120);
        browser.settle();
        assertEquals(zoom * 1.12, browser.eval(SURFACE + ".view.zoom").asDouble(), 1e-9);
    }

    @Test
    void hoveringAStepShowsItsStepXYAndLoss() {
        // both paths start at (1, 1), where the loss is 2; SGD's path lies on top
        String tip = hover(1, 0);
        assertTrue(tip.contains("step 0") && tip.contains("x = 1") && tip.contains("y = 1") && tip.contains("loss = 2"), tip);
        assertTrue(tip.contains(DemoReport.SGD_PATH_PREFIX), tip);

        // hide SGD in the legend: GD's fifth step is (0.8^5, 0.8^5) with loss 2 * 0.8^10
        String sgd = browser.eval(SURFACE + ".chart.getOption().series.find(x => x.id === 'path1').name").asText();
        browser.eval(SURFACE + ".chart.dispatchAction({type: 'legendUnSelect', name: " + quote(sgd) + "}) || true");
        browser.settle();
        assertTrue(!browser.eval(SURFACE + ".chart.getModel().getComponent('legend').isSelected(" + quote(sgd) + ")")
                .asBoolean());
        String gd = hover(0, 5);
        assertTrue(gd.contains(DemoReport.GD_PATH) && gd.contains("step 5") && gd.contains("x = 0.32768")
                && gd.contains("y = 0.32768") && gd.contains("loss = 0.214748"), gd);
    }

    @Test
    void theLogAxisSwitchWorks() {
        String chart = "descentReport.sections.filter(s => s.kind === 'lines')[1]";
        assertEquals("log", browser.eval(chart + ".chart.getOption().yAxis[0].type").asText());
        browser.eval(chart + ".element.scrollIntoView() || true");
        browser.settle();
        JsonNode box = rect(chart + ".element.querySelector('input[data-axis=logY]')");
        browser.click(box.get("x").asDouble() + box.get("width").asDouble() / 2,
                box.get("y").asDouble() + box.get("height").asDouble() / 2);
        browser.settle();
        assertEquals("value", browser.eval(chart + ".chart.getOption().yAxis[0].type").asText());
        assertTrue(browser.eval(chart + ".chart.getOption().series.every(s => s.data.length > 0)").asBoolean());
        browser.eval(chart + ".element.querySelector('input[data-axis=logY]').click() || true");
        assertEquals("log", browser.eval(chart + ".chart.getOption().yAxis[0].type").asText());
        assertTrue(browser.eval(chart + ".chart.getOption().dataZoom.length").asInt() >= 2, "zoom by wheel and slider");
    }

    @Test
    void screenshotsOfTheReportAndTheBowl() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        double height = browser.eval("document.documentElement.scrollHeight").asDouble();
        byte[] page = browser.screenshot(0, 0, WIDTH, height, 1);
        Files.write(SCREENSHOTS.resolve("report.png"), page);
        JsonNode box = rect(SURFACE + ".element");
        byte[] bowl = browser.screenshot(box.get("x").asDouble(), box.get("y").asDouble(), box.get("width").asDouble(),
                box.get("height").asDouble(), 1);
        Files.write(SCREENSHOTS.resolve("report-bowl.png"), bowl);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(page));
        assertEquals(WIDTH, img.getWidth());
        assertTrue(img.getHeight() >= 1500, "the whole page: " + img.getHeight());
        assertTrue(colours(ImageIO.read(new ByteArrayInputStream(bowl))) > 300, "the bowl's screenshot is (nearly) blank");
    }

    /** Moves the mouse away and then onto step {@code k} of path {@code path}; returns the tooltip's text. */
    private static String hover(int path, int k) {
        JsonNode p = browser.eval(SURFACE + ".screenPoint(" + path + ", " + k + ")");
        assertTrue(p.isObject(), "step " + k + " of path " + path + " is not drawn");
        browser.mouse("mouseMoved", 5, 5, false);
        browser.mouse("mouseMoved", p.get("x").asDouble(), p.get("y").asDouble(), false);
        String tip = SURFACE + ".chart.getDom().querySelector('.descent-tooltip')";
        browser.waitFor(tip + " && " + tip + ".style.display !== 'none' && " + tip + ".style.opacity !== '0' && "
                + tip + ".innerText.includes('step')", Duration.ofSeconds(10));
        return browser.eval(tip + ".innerText").asText().replace('\n', ' ');
    }

    /** The bounding box of an element, in viewport coordinates. */
    private static JsonNode rect(String element) {
        return browser.eval("(() => { const r = (" + element + ").getBoundingClientRect();"
                + " return {x: r.left, y: r.top, width: r.width, height: r.height}; })()");
    }

    /** Pixel statistics of a section's canvas: painted share, distinct colours, a hash of the content. */
    private static JsonNode canvasStats(String section) {
        return browser.eval("(() => { const c = (" + section + ").chart.getDom().querySelector('canvas');"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " let painted = 0, dark = 0, yellow = 0, hash = 0; const colours = new Set();"
                + " for (let i = 0; i < d.length; i += 4) {"
                + "   hash = (hash * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2] + 17 * d[i + 3]) | 0;"
                + "   if (d[i + 3] === 0 || (d[i] > 245 && d[i + 1] > 245 && d[i + 2] > 245)) continue;"
                + "   painted++; colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);"
                + "   if (d[i] < 90 && d[i + 1] < 60 && d[i + 2] > 70 && d[i + 2] < 150) dark++;"
                + "   if (d[i] > 170 && d[i + 1] > 190 && d[i + 2] < 90) yellow++; }"
                + " return {width: c.width, height: c.height, painted: painted / (d.length / 4), colours: colours.size,"
                + " dark: dark, yellow: yellow, hash: String(hash)}; })()");
    }

    private static List<String> names(JsonNode series) {
        List<String> n = new ArrayList<>();
        series.forEach(s -> n.add(s.get("name").asText()));
        return n;
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
