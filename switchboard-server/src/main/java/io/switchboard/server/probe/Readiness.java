package io.switchboard.server.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /readyz}: asks every {@link ReadinessCheck} at once; ready when all are ok. The answer
 * names each check and its state:
 * <pre>
 * {"status":"ready","checks":{"store":{"ok":true,"ms":3},"draining":{"ok":true}}}
 * {"status":"not_ready","checks":{"store":{"ok":false,"ms":500,"error":"no answer within 500 ms"},…}}
 * </pre>
 *
 * <p>Thread-safe (the checks are; the list is fixed at construction).
 */
public final class Readiness {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ReadinessCheck> checks;

    public Readiness(List<ReadinessCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /** Completes once every check answered (each bounds its own time). */
    public CompletableFuture<ProbeAnswer> evaluate() {
        List<CompletableFuture<CheckResult>> pending = new ArrayList<>(checks.size());
        for (ReadinessCheck c : checks) {
            pending.add(c.check());
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> answer(pending));
    }

    private ProbeAnswer answer(List<CompletableFuture<CheckResult>> results) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode byName = JSON.createObjectNode();
        boolean ready = true;
        for (int i = 0; i < checks.size(); i++) {
            CheckResult r = results.get(i).join();
            ready &= r.ok();
            ObjectNode node = byName.putObject(checks.get(i).name());
            node.put("ok", r.ok());
            if (r.millis() != CheckResult.UNTIMED) {
                node.put("ms", r.millis());
            }
            if (r.error() != null) {
                node.put("error", r.error());
            }
        }
        root.put("status", ready ? "ready" : "not_ready");
        root.set("checks", byName);
        return new ProbeAnswer(ready, root.toString());
    }
}
