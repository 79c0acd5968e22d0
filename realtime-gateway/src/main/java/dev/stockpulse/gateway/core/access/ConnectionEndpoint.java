package dev.stockpulse.gateway.core.access;

import java.util.List;

/**
 * A dialect's endpoint whose connections stay open, as a bean: {@link ConnectionIdentityAugmentor} slims the
 * identities of its connections, which live as long as they do.
 */
public interface ConnectionEndpoint {

    /** The request paths the endpoint answers, e.g. {@code /ws}. */
    List<String> paths();
}
