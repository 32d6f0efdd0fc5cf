package dev.plinth.security.audit;

/** What Plinth did about an audited event. */
public enum AuditAction {
    /** The request was turned down before it ran: a load, a call, a file or host the plugin may not use. */
    REFUSED("refused"),
    /** A running call was stopped, and the instance it ran on was thrown away (its state is not trusted). */
    STOPPED("stopped; instance discarded"),
    /** The plugin loaded, although a check failed, because the policy only warns (e.g. signatures: warn). */
    LOADED_WITH_WARNING("loaded with warning");

    private final String label;

    AuditAction(String label) {
        this.label = label;
    }

    /** The action in words, as the log and the actuator show it. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
