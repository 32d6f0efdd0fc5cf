package dev.plinth.api.observe;

/**
 * Told about every call that reached a plugin version, on the calling thread right after it ends.
 * Keep it quick and never throw: a listener that throws is logged and ignored.
 */
@FunctionalInterface
public interface CallListener {
    void onCall(CallEvent event);
}
