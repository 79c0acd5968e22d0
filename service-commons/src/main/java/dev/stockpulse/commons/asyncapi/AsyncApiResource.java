package dev.stockpulse.commons.asyncapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.events.EventSchemas;

/**
 * The AsyncAPI document of {@code inventory-events} and {@code sales-events}, and the JSON Schemas its messages
 * {@code $ref}, as event-schemas ships them. They sit under one path as in the jar, so a tool that reads the
 * document from here resolves its relative references here too. Public, as {@code /q/openapi} is: it describes the
 * topics, not any tenant's data. Served by every service, each of which publishes to one of the topics.
 */
@Path("/asyncapi")
public class AsyncApiResource {

    /** RFC 9512. */
    static final String YAML = "application/yaml";
    static final String SCHEMA_JSON = "application/schema+json";

    // A path parameter never holds '/', and the name is looked up under a fixed directory, so nothing else is reachable.
    private static final Pattern SCHEMA_FILE = Pattern.compile("[a-z0-9_.]+\\.schema\\.json");

    @GET
    @Path(EventSchemas.ASYNCAPI_DOCUMENT)
    public Response document() {
        return serve(EventSchemas.ASYNCAPI_DOCUMENT, YAML);
    }

    @GET
    @Path("schemas/{file}")
    public Response eventSchema(@PathParam("file") String file) {
        return schema("", file);
    }

    @GET
    @Path("schemas/payloads/{file}")
    public Response payloadSchema(@PathParam("file") String file) {
        return schema("payloads/", file);
    }

    private static Response schema(String directory, String file) {
        if (!SCHEMA_FILE.matcher(file).matches()) {
            throw ProblemException.notFound("schema", directory + file);
        }
        return serve(EventSchemas.SCHEMA_DIRECTORY + directory + file, SCHEMA_JSON);
    }

    private static Response serve(String resource, String mediaType) {
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw ProblemException.notFound("file", resource);
            }
            return Response.ok(in.readAllBytes(), mediaType + "; charset=utf-8").build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
