package dev.stockpulse.commons.text;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.stockpulse.commons.problem.ProblemException;

/**
 * Refuses, as a 400 naming the parameter, a query or path parameter whose text cannot be stored (see
 * {@link StorableText}), before any resource sees it: one check for every endpoint instead of one per filter column.
 * JSON bodies get the same check from {@link StorableTextJackson}. Headers need none: Netty refuses control characters
 * in them before the request is routed, and they are read as ISO-8859-1, which has no surrogates.
 */
public class StorableTextFilter {

    @ServerRequestFilter
    public void refuseUnstorableText(ContainerRequestContext request) {
        check(request.getUriInfo().getQueryParameters());
        check(request.getUriInfo().getPathParameters());
    }

    private static void check(MultivaluedMap<String, String> values) {
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            String name = StorableText.visible(entry.getKey());
            StorableText.problem(entry.getKey()).ifPresent(problem -> {
                throw ProblemException.invalid(name, "the parameter's name " + problem);
            });
            for (String value : entry.getValue()) {
                Optional<String> problem = value == null ? Optional.empty() : StorableText.problem(value);
                if (problem.isPresent()) {
                    throw ProblemException.invalid(name, problem.get());
                }
            }
        }
    }
}
