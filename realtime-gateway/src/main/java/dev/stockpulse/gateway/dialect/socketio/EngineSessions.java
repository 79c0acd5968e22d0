package dev.stockpulse.gateway.dialect.socketio;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** What an {@link EngineSession} needs from the endpoint that keeps it. */
interface EngineSessions {

    /** A fresh pid: the name of what a client can recover. */
    String newPid();

    /** The session ended: forget it and close its core session. */
    void ended(EngineSession session);

    /** Answers a long-polling GET with packets. */
    void answer(HttpServerResponse response, Buffer body);

    /** Engine.IO's error answer: {@code 400 {"code":…,"message":…}}. */
    void badRequest(HttpServerResponse response, int code, String message);
}
