package dev.plinth.component.internal.runtime;

import dev.plinth.component.CanonicalAbiException;
import dev.plinth.component.CanonicalAbiException.Violation;
import dev.plinth.component.HostResource;
import dev.plinth.component.internal.abi.CallContext;
import dev.plinth.component.type.ResourceType;
import java.util.Map;

/**
 * Handles crossing into and out of the host through imports. A resource the guest defines crosses as its
 * table index, checked. A resource the host defines ({@link HostResource}) crosses as the host's
 * representation: lifting {@code own} moves the handle out of the guest's table, lifting {@code borrow} looks
 * it up, lowering {@code own} puts the host's representation into the table as a new handle. Every index the
 * guest passes is checked against the table first: never issued, dropped or of another type is
 * {@code BAD_HANDLE}.
 */
final class HandleBridge implements CallContext.HandleMapper {
    private final HandleTable table;
    private final Map<ResourceType, HostResource> hostTypes;

    HandleBridge(HandleTable table, Map<ResourceType, HostResource> hostTypes) {
        this.table = table;
        this.hostTypes = hostTypes;
    }

    @Override
    public int lift(ResourceType type, boolean own, int index) {
        if (!hostTypes.containsKey(type)) {
            table.check(type, index);
            return index;
        }
        return own ? table.remove(type, index) : table.rep(type, index);
    }

    @Override
    public int lower(ResourceType type, boolean own, int value) {
        HostResource host = hostTypes.get(type);
        if (host == null) {
            table.check(type, value);
            return value;
        }
        if (!own) {
            throw new CanonicalAbiException(Violation.BAD_HANDLE, "the host lent a borrow<" + type.name()
                    + "> into the guest, which this layer does not do");
        }
        if (!host.owns(value)) {
            throw new CanonicalAbiException(Violation.BAD_HANDLE, "the host returned " + type.name() + " "
                    + value + ", which it does not hold");
        }
        return table.add(type, value);
    }
}
