package dev.stockpulse.gateway.core.access;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/** The paths of every dialect's {@link ConnectionEndpoint}: the requests that open long-lived connections. */
@ApplicationScoped
public class ConnectionEndpoints {

    private final Instance<ConnectionEndpoint> endpoints;
    /** Looked up on first use rather than at construction, which would create the endpoints' beans early. */
    private volatile Set<String> paths;

    public ConnectionEndpoints(Instance<ConnectionEndpoint> endpoints) {
        this.endpoints = endpoints;
    }

    public boolean isLongLived(String path) {
        Set<String> known = paths;
        if (known == null) {
            known = endpoints.stream().flatMap(endpoint -> endpoint.paths().stream()).collect(Collectors.toUnmodifiableSet());
            paths = known;
        }
        return known.contains(path);
    }
}
