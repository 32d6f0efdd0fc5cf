package dev.plinth.component;

/**
 * A resource type the host defines and implements, for a component that imports it (a {@code (type (sub
 * resource))} import, or one exported by an imported instance such as {@code wasi:io/streams}'s
 * {@code output-stream}). The host names each of its resources by a representation, an {@code int} it
 * chooses: a host function returns {@code Value.Handle(rep)} for an {@code own} result, and receives
 * {@code Value.Handle(rep)} for an {@code own} or {@code borrow} argument. The guest never sees a
 * representation, only indices in its own handle table; a forged, foreign or dropped index is a
 * {@code BAD_HANDLE} violation before the host is called.
 */
public interface HostResource {
    /**
     * Whether {@code rep} names a live resource of this type; a host function returning a handle this refuses
     * is the host's error, not the guest's.
     */
    boolean owns(int rep);

    /** The guest dropped its handle to {@code rep} ({@code resource.drop}): the host may free it. */
    void drop(int rep);
}
