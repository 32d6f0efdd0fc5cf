package dev.plinth.api.manifest;

import java.util.List;

/** {@code [permissions.deny]}: rules the plugin asks to have refused even if granted. */
public record DenyRules(List<FsPermission> fs, List<NetPermission> net) {
    public static final DenyRules NONE = new DenyRules(List.of(), List.of());

    public DenyRules {
        fs = List.copyOf(fs);
        net = List.copyOf(net);
    }
}
