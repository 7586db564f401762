package sputnik.reports.cost;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Json;

/**
 * Prices to turn tokens and hours into dollars: hardware per device-hour, APIs per million tokens. The
 * shipped book (resources/sputnik/prices.json) is dated; {@code --prices FILE} replaces it.
 */
public record PriceBook(String asOf, String note, Map<String, Hardware> hardware, Map<String, Api> api) {

    public record Hardware(double usdPerDeviceHour, String source) {}

    /** Reasoning tokens are billed as output, as every reasoning API does. */
    public record Api(List<String> models, double inputCacheHitUsdPerM, double inputCacheMissUsdPerM, double outputUsdPerM, String source) {}

    public PriceBook {
        hardware = hardware == null ? Map.of() : hardware;
        api = api == null ? Map.of() : api;
    }

    public static PriceBook shipped() {
        try (InputStream in = PriceBook.class.getResourceAsStream("/sputnik/prices.json")) {
            return Json.MAPPER.readValue(in, PriceBook.class);
        } catch (IOException e) {
            throw new IllegalStateException("the shipped price book is unreadable", e);
        }
    }

    public static PriceBook read(Path file) throws UsageException, IOException {
        if (!Files.isRegularFile(file)) throw new UsageException("price book " + file + " does not exist");
        try {
            return Json.MAPPER.readValue(file.toFile(), PriceBook.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UsageException("price book " + file + " is not valid (" + e.getOriginalMessage() + "); see the shipped one in the README");
        }
    }

    /** The API entry whose model list names this model (case-insensitive), if any. */
    public Optional<Map.Entry<String, Api>> apiFor(String model) {
        if (model == null) return Optional.empty();
        return api.entrySet().stream()
                .filter(e -> e.getValue().models().stream().anyMatch(m -> m.equalsIgnoreCase(model)))
                .findFirst();
    }

    public Hardware hardware(String name) throws UsageException {
        Hardware h = hardware.get(name);
        if (h == null) throw new UsageException("unknown hardware '" + name + "' in the price book; known: " + String.join(", ", hardware.keySet()));
        return h;
    }
}
