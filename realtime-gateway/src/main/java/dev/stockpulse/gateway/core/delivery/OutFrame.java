package dev.stockpulse.gateway.core.delivery;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * One frame as bytes, encoded once by its protocol and shared by every connection it goes to (and by the recovery
 * buffers). The core never looks inside: a dialect turns it into its own wire form ({@link #as}), built on first use
 * by a connection of that dialect and then shared the same way.
 *
 * @param json     the frame's UTF-8 JSON text, as its protocol encoded it
 * @param type     the event type, or the control frame's type
 * @param position where a client that got this event resumes from; null for control frames, which carry none
 */
public record OutFrame(byte[] json, String type, String position, Forms forms) {

    public OutFrame(byte[] json, String type, String position) {
        this(json, type, position, new Forms());
    }

    public static OutFrame control(String type, String json) {
        return new OutFrame(json.getBytes(StandardCharsets.UTF_8), type, null);
    }

    public int size() {
        return json.length;
    }

    /** An event frame, as opposed to a control frame: the same frame goes to many connections. */
    public boolean isEvent() {
        return position != null;
    }

    /** This frame in a dialect's wire form: built once, then the same object for every connection of the dialect. */
    public <T> T as(Form<T> form) {
        return forms.get(form, this);
    }

    /**
     * A dialect's wire form of frames. Each is a constant of its dialect: there are at most {@link #MAX} of them, and
     * every frame keeps a slot for each once one of them is built.
     */
    public abstract static class Form<T> {

        static final int MAX = 8;
        private static int created;

        private final int index;

        protected Form() {
            synchronized (Form.class) {
                if (created == MAX) {
                    throw new IllegalStateException("more than " + MAX + " frame forms; raise OutFrame.Form.MAX");
                }
                index = created++;
            }
        }

        /** Builds the form of {@code frame}; called once per frame, from any thread. */
        protected abstract T build(OutFrame frame);
    }

    /** The wire forms built so far; excluded from equality by being its own identity-compared object. */
    public static final class Forms {

        private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
        private static final VarHandle BUILT;

        static {
            try {
                BUILT = MethodHandles.lookup().findVarHandle(Forms.class, "built", Object[].class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Made by the first form built: most control frames are never built in more than one form, if any. */
        private volatile Object[] built;

        @SuppressWarnings("unchecked")
        <T> T get(Form<T> form, OutFrame frame) {
            Object[] slots = built;
            if (slots == null) {
                BUILT.compareAndSet(this, null, new Object[Form.MAX]);
                slots = built;
            }
            Object value = SLOT.getAcquire(slots, form.index);
            if (value == null) {
                // A benign race: two threads may both build it; both results are equal.
                value = form.build(frame);
                SLOT.setRelease(slots, form.index, value);
            }
            return (T) value;
        }
    }
}
