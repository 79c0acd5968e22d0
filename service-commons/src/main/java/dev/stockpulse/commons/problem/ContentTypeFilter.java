package dev.stockpulse.commons.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.stockpulse.commons.text.StorableText;

/**
 * Refuses a {@code Content-Type} that is not a media type ({@code json}, {@code ;;;}) as a 400 naming the header,
 * before resource matching: where two methods share a path (with and without a body), matching parses the header and
 * its {@code IllegalArgumentException} was a 500.
 */
public class ContentTypeFilter {

    @ServerRequestFilter(preMatching = true)
    public void refuseUnparsableContentType(ContainerRequestContext request) {
        String value = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            MediaType.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(HttpHeaders.CONTENT_TYPE,
                    "is not a media type such as application/json: '" + StorableText.visible(value) + "'");
        }
    }
}
