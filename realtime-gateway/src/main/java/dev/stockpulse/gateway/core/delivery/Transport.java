package dev.stockpulse.gateway.core.delivery;

/**
 * The socket behind one client: a WebSocket or an SSE response. Every method but {@link #execute} and
 * {@link #close} must be called on the transport's own event loop.
 */
public interface Transport {

    /** Runs the task on this connection's event loop. */
    void execute(Runnable task);

    /**
     * Identifies the thread {@link #execute} runs tasks on: transports with equal keys share it, so that one task can
     * write to all of them (see {@link DeliveryBatch}).
     */
    Object loopKey();

    /** Queues the frame in the socket without flushing it. */
    void write(OutFrame frame);

    /** Sends everything written so far in as few syscalls as the OS allows. */
    void flush();

    /** False while the socket's own buffer is above its high-water mark (the client reads slower than we write). */
    boolean writable();

    /**
     * While not {@link #writable}: how many bytes the client must still take before it is. It falls as the client
     * reads, so a value lower than an earlier one means the client took something. A transport that cannot tell
     * answers {@link Long#MAX_VALUE}, and then only writability shows that the client reads.
     */
    default long bytesBeforeWritable() {
        return writable() ? 0 : Long.MAX_VALUE;
    }

    /** Runs the task on the event loop once the socket can take more (or soon, to look again); one-shot. */
    void whenWritable(Runnable task);

    /** A keep-alive: a WebSocket ping, an SSE comment. */
    void ping();

    /** Closes with a code from {@link CloseCode}; safe from any thread and more than once. */
    void close(CloseCode code);
}
