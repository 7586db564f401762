package sputnik.reports.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import sputnik.harness.api.UsageException;
import sputnik.reports.db.ResultsQueries;
import sputnik.reports.leaderboard.Leaderboard;

/**
 * {@code sputnik web}'s server: the JDK's HTTP server, a virtual thread per request, pages rendered
 * from the results database on each request. Read-only: it answers GET and HEAD, and its queries only
 * select.
 */
public final class WebServer implements AutoCloseable {
    private final HttpServer http;
    private final Site site;

    /** What every page needs: the queries, where they come from (for the footer) and how to price runs. */
    record Site(ResultsQueries queries, String dbDisplay, Leaderboard.Pricing pricing, PromptLookup prompts) {}

    private WebServer(HttpServer http, Site site) {
        this.http = http;
        this.site = site;
    }

    public static WebServer start(ResultsQueries queries, String dbDisplay, Leaderboard.Pricing pricing, String host, int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 64);
        WebServer s = new WebServer(http, new Site(queries, dbDisplay, pricing, new PromptLookup()));
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", s::handle);
        http.start();
        return s;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Response r;
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                r = Response.error(405, "Method not allowed", "This server is read-only: it answers GET and HEAD.");
            } else {
                r = route(ex.getRequestURI().getRawPath(), query(ex.getRequestURI().getRawQuery()));
            }
            ex.getResponseHeaders().set("Content-Type", r.contentType());
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if (method.equals("HEAD")) {
                ex.sendResponseHeaders(r.status(), -1);
                return;
            }
            ex.sendResponseHeaders(r.status(), r.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(r.body());
            }
        }
    }

    private Response route(String rawPath, Map<String, String> q) {
        String[] parts = rawPath.split("/", -1);
        try {
            if (rawPath.equals("/")) return HomePage.render(site);
            if (rawPath.equals("/runs")) return RunsPage.render(site, q);
            if (rawPath.equals("/compare")) return ComparePage.render(site, q);
            if (rawPath.equals("/history")) return HistoryPage.render(site, q, false);
            if (rawPath.equals("/history/chart.png")) return HistoryPage.render(site, q, true);
            if (parts.length == 3 && parts[1].equals("suite")) return SuitePage.render(site, decode(parts[2]), q);
            if (parts.length == 5 && parts[1].equals("suite") && parts[4].equals("chart.png")) {
                return SuitePage.chart(site, decode(parts[2]), decode(parts[3]));
            }
            if (parts.length == 3 && parts[1].equals("run")) return RunPage.render(site, parts[2], q);
            if (parts.length == 4 && parts[1].equals("run") && parts[3].equals("report")) return RunPage.report(site, parts[2]);
            if (parts.length == 4 && parts[1].equals("sample")) return SamplePage.render(site, parts[2], decode(parts[3]));
            return Response.notFound("No page at " + rawPath + ". Start from the list of suites at /.");
        } catch (UsageException e) {
            return Response.error(400, "Cannot show this page", e.getMessage());
        } catch (IOException | RuntimeException e) {
            return Response.error(500, "Error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = decode(eq < 0 ? kv : kv.substring(0, eq));
            String v = eq < 0 ? "" : decode(kv.substring(eq + 1));
            out.putIfAbsent(k, v);
        }
        return out;
    }
}
