package sputnik.reports.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.report.RunReport;
import sputnik.reports.cost.PriceBook;
import sputnik.reports.db.DbLocation;
import sputnik.reports.db.ResultsDb;
import sputnik.reports.db.ResultsQueries;
import sputnik.reports.db.RunIndexer;
import sputnik.reports.db.TestRuns;
import sputnik.reports.leaderboard.Leaderboard;

/**
 * The web pages in a real headless Chromium (Debian's chromium and chromium-driver, which `.ci/run`
 * installs): each page loads, links lead where they say, a table sorts, filters filter, the compare
 * form compares, and the charts are images the browser can draw. Screenshots go to
 * reports/target/screenshots/. Skipped, with the reason, where no Chromium or driver is installed.
 */
class WebPagesBrowserTest {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path tmp;

    static WebServer server;
    static ChromeDriver browser;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "no headless browser: install Debian's chromium and chromium-driver (.ci/run does)");
        ResultsDb db = ResultsDb.open(DbLocation.parse(tmp.resolve("results.db").toString(), "test"));
        String[] models = {"gamma-32b", "alpha-7b", "beta-14b"};
        for (int i = 0; i < models.length; i++) {
            for (int c = 0; c < 3; c++) {
                RunReport r = TestRuns.withThinking(TestRuns.run(models[i] + "-c" + c, "aime2024", models[i], "commit" + c + "abcdef",
                        "2026-11-0" + (c + 1) + "T0" + i + ":00:00Z", 30, 4, 100 * i + c));
                RunIndexer.index(db, TestRuns.write(tmp.resolve("runs").resolve(models[i] + "-c" + c), r), true);
            }
        }
        RunReport stopped = TestRuns.run("delta-70b-stopped", "aime2024", "delta-70b", "commit9", "2026-11-05T00:00:00Z", 30, 4, 7);
        RunIndexer.index(db, TestRuns.write(tmp.resolve("runs").resolve("delta-70b-stopped"), TestRuns.interrupted(stopped, 11)), true);
        server = WebServer.start(new ResultsQueries(db), "test database", new Leaderboard.Pricing(PriceBook.shipped(), "H800", 1), "127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1800");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, o);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    static void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    static List<String> column(String tableId, int col) {
        List<String> out = new ArrayList<>();
        for (WebElement row : browser.findElements(By.cssSelector("#" + tableId + " tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            if (!cells.isEmpty()) out.add(cells.get(col).getText());
        }
        return out;
    }

    static boolean imageDrawn(WebElement img) {
        Object w = ((JavascriptExecutor) browser).executeScript("return arguments[0].complete && arguments[0].naturalWidth", img);
        return w instanceof Number n && n.intValue() > 100;
    }

    @Test
    void suitePageRanksSortsAndCharts() throws Exception {
        browser.get(base + "/");
        browser.findElement(By.linkText("aime2024")).click();
        assertThat(browser.getTitle()).contains("Leaderboard: aime2024");
        assertThat(column("board-0", 0)).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(imageDrawn(browser.findElement(By.cssSelector("img[alt^='accuracy vs cost']")))).isTrue();
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("delta-70b-stopped: incomplete (11x4 of 30x4)");
        shot("suite");
        browser.findElement(By.cssSelector("#board-0 th a[data-sort=model]")).click();
        assertThat(browser.getCurrentUrl()).contains("sort=model&dir=asc");
        List<String> models = column("board-0", 1);
        assertThat(models).isSortedAccordingTo(Comparator.naturalOrder()).first().isEqualTo("alpha-7b");
        browser.findElement(By.cssSelector("#board-0 th a[data-sort=model]")).click();
        assertThat(column("board-0", 1)).isSortedAccordingTo(Comparator.reverseOrder()).first().isEqualTo("gamma-32b");
        browser.findElement(By.cssSelector("#board-0 th a[data-sort=pass]")).click();
        List<Double> pass = column("board-0", 4).stream().map(s -> Double.parseDouble(s.replace("%", ""))).toList();
        assertThat(pass).isSortedAccordingTo(Comparator.naturalOrder());
    }

    @Test
    void runPageFiltersSamplesAndLeadsToASample() throws Exception {
        browser.get(base + "/suite/aime2024");
        browser.findElement(By.cssSelector("#board-0 tr:nth-child(2) td:last-child a")).click();
        assertThat(browser.findElement(By.id("pass-at-1")).getText()).endsWith("%");
        assertThat(column("samples", 0)).hasSize(120);
        shot("run");
        browser.findElement(By.cssSelector(".filters a[data-verdict=incorrect]")).click();
        List<String> verdicts = column("samples", 1);
        assertThat(verdicts).isNotEmpty().allMatch("incorrect"::equals).hasSizeLessThan(120);
        browser.findElement(By.cssSelector("#samples tr:nth-child(2) td:first-child a")).click();
        assertThat(browser.findElement(By.id("verdict")).getText()).isEqualTo("incorrect");
        WebElement thinking = browser.findElement(By.id("thinking"));
        assertThat(thinking.getAttribute("open")).isNull(); // folded
        String extracted = browser.findElement(By.id("extracted")).getText();
        assertThat(browser.findElement(By.cssSelector("#answer mark")).getText()).isEqualTo(extracted);
        assertThat(browser.findElement(By.id("detail")).getText()).contains("rule");
        shot("sample");
        thinking.findElement(By.tagName("summary")).click();
        assertThat(thinking.getAttribute("open")).isNotNull();
        assertThat(thinking.getText()).contains("Let me work through");
    }

    private void awaitUrl(String fragment) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains(fragment));
    }

    @Test
    void compareFormComparesTwoRuns() throws Exception {
        String key = RunIndexer.runKey(tmp.resolve("runs").resolve("alpha-7b-c0"));
        browser.get(base + "/run/" + key);
        Select other = new Select(browser.findElement(By.cssSelector("#compare-form select")));
        other.selectByVisibleText(other.getOptions().stream().map(WebElement::getText).filter(t -> t.contains("beta-14b-c0")).findFirst().orElseThrow());
        browser.findElement(By.cssSelector("#compare-form button")).click();
        // A form's submit may return before the browser has navigated (seen once in CI): wait for the new page.
        awaitUrl("/compare?a=" + key);
        assertThat(browser.getCurrentUrl()).contains("/compare?a=" + key);
        assertThat(browser.findElement(By.id("delta")).getText()).contains("pass@1").contains("shared problems");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Problems that flipped");
        shot("compare");
        browser.findElement(By.linkText("swap")).click();
        awaitUrl("&b=" + key);
        assertThat(browser.getCurrentUrl()).contains("&b=" + key);
    }

    @Test
    void historyPageChartsAModelOverCommits() throws Exception {
        browser.get(base + "/suite/aime2024");
        browser.findElement(By.linkText("beta-14b")).click();
        assertThat(browser.getTitle()).contains("History: beta-14b on aime2024");
        assertThat(imageDrawn(browser.findElement(By.id("history-chart")))).isTrue();
        assertThat(column("runs", 5)).containsExactly("commit2abcdef", "commit1abcdef", "commit0abcdef");
        shot("history");
        browser.findElement(By.cssSelector("#runs tr:nth-child(2) td:first-child a")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("aime2024 · beta-14b");
    }

    @Test
    void theServerIsReadOnlyAndSaysWhatIsMissing() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        var post = http.send(HttpRequest.newBuilder(URI.create(base + "/suite/aime2024")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        browser.get(base + "/run/0000000000000000");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("No run with key 0000000000000000 is indexed.");
        var missing = http.send(HttpRequest.newBuilder(URI.create(base + "/nowhere")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new File(SHOTS.toFile(), ".").exists()).isTrue();
    }
}
