package dev.plinth.host.internal.registry;

import dev.plinth.abi.EventFunctions;
import dev.plinth.api.event.EmittedEvent;
import dev.plinth.api.event.EmittedEventListener;
import dev.plinth.api.event.EventPublisher;
import dev.plinth.api.event.EventTypes;
import dev.plinth.api.unit.TextCap;
import dev.plinth.host.PluginVersion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's events, both ways, through one bounded queue and one thread: events plugins emit go
 * to the application's {@link EmittedEventListener}s; events the application publishes go to the
 * plugins that subscribe to their type, each to the newest open version of the plugin that has a
 * handler: a core module's {@value EventFunctions#HANDLER} export, called with
 * {@code {"type":..,"payload":..}} ({@link #extismHandler}), or a component's
 * {@code plinth:plugin/event-handler}'s {@code on-event}, called with the type and the payload. A full
 * queue refuses what is offered. A listener that throws, or a handler that fails or traps, is
 * logged and affects no one else. The thread starts with the first event.
 */
public final class EventBus implements EventPublisher, AutoCloseable {
    /** How many events wait at most unless told otherwise. */
    public static final int DEFAULT_CAPACITY = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Published(String type, String payload) {
    }

    /** How a subscribed version takes a published event: it throws when the plugin fails on it. */
    @FunctionalInterface
    interface Handler {
        void handle(String type, String payload);
    }

    private record Subscriber(PluginVersion version, Handler handler) {
    }

    private final BlockingQueue<Object> queue;
    private final List<EmittedEventListener> listeners;
    private final Map<String, Deque<Subscriber>> subscribers = new LinkedHashMap<>();
    private Thread thread;
    private volatile boolean closed;

    public EventBus(int capacity, List<EmittedEventListener> listeners) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("the event queue must hold at least one event, was " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.listeners = List.copyOf(listeners);
    }

    /** Queues an event a plugin emitted, for the listeners; whether the queue took it. */
    public boolean offer(EmittedEvent event) {
        return enqueue(event);
    }

    @Override
    public boolean publish(String type, String payload) {
        if (!EventTypes.valid(type)) {
            throw new IllegalArgumentException("\"" + TextCap.chars(String.valueOf(type), 64) + "\" is not an event"
                    + " type: use 1 to " + EventTypes.MAX_LENGTH + " letters, digits and . _ - :");
        }
        return enqueue(new Published(type, payload == null ? "" : payload));
    }

    private boolean enqueue(Object item) {
        if (closed) {
            return false;
        }
        start();
        return queue.offer(item);
    }

    /** Delivers published events of the types its grant lets it receive to {@code version}, until it closes. */
    synchronized void subscribe(PluginVersion version, Handler handler) {
        subscribers.computeIfAbsent(version.name(), n -> new ArrayDeque<>()).addLast(new Subscriber(version, handler));
    }

    synchronized void unsubscribe(PluginVersion version) {
        Deque<Subscriber> versions = subscribers.get(version.name());
        if (versions != null) {
            versions.removeIf(subscriber -> subscriber.version() == version);
            if (versions.isEmpty()) {
                subscribers.remove(version.name());
            }
        }
    }

    /** A core module's handler: {@value EventFunctions#HANDLER} called with {@code {"type":..,"payload":..}}. */
    static Handler extismHandler(PooledPluginVersion version) {
        return (type, payload) -> version.call(EventFunctions.HANDLER,
                JSON.writeValueAsBytes(Map.of("type", type, "payload", payload)));
    }

    private synchronized List<Subscriber> receivers(String type) {
        List<Subscriber> receivers = new ArrayList<>();
        for (Deque<Subscriber> versions : subscribers.values()) {
            Subscriber newest = versions.peekLast();
            if (newest != null && newest.version().grants().events().map(g -> g.receives(type)).orElse(false)) {
                receivers.add(newest);
            }
        }
        return receivers;
    }

    private synchronized void start() {
        if (thread == null && !closed) {
            thread = new Thread(this::run, "plinth-events");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run() {
        while (!closed) {
            Object item;
            try {
                item = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (item instanceof EmittedEvent event) {
                deliver(event);
            } else if (item instanceof Published published) {
                deliver(published);
            }
        }
    }

    private void deliver(EmittedEvent event) {
        for (EmittedEventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("an event listener failed on event {} of plugin {}: {}", event.type(), event.plugin(),
                        e.toString(), e);
            }
        }
    }

    private void deliver(Published event) {
        for (Subscriber subscriber : receivers(event.type())) {
            try {
                subscriber.handler().handle(event.type(), event.payload());
            } catch (RuntimeException e) {
                LOG.warn("plugin {} {} failed to handle event {}: {}", subscriber.version().name(),
                        subscriber.version().versionId(), event.type(), e.getMessage());
            }
        }
    }

    /** Stops the thread; what is still queued is dropped. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
