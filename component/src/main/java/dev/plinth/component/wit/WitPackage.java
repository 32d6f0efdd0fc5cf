package dev.plinth.component.wit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed WIT package: its name, interfaces and worlds (from one file or the files of one
 * directory), and the top-level {@code use path as name;} aliases. Names are as written; see
 * {@link ResolvedWit} for what they refer to.
 */
public record WitPackage(PackageName name, List<WitInterface> interfaces, List<WitWorld> worlds,
                         List<TopLevelUse> uses, String docs) {
    public WitPackage {
        Objects.requireNonNull(name, "name");
        interfaces = List.copyOf(interfaces);
        worlds = List.copyOf(worlds);
        uses = List.copyOf(uses);
        Objects.requireNonNull(docs, "docs");
    }

    /** The interface named {@code name}. */
    public Optional<WitInterface> iface(String name) {
        return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The world named {@code name}. */
    public Optional<WitWorld> world(String name) {
        return worlds.stream().filter(w -> w.name().equals(name)).findFirst();
    }

    /** The files of one package merged: same package name required, items in file order. */
    static WitPackage merge(List<WitPackage> files, PackageName name) {
        List<WitInterface> interfaces = new ArrayList<>();
        List<WitWorld> worlds = new ArrayList<>();
        List<TopLevelUse> uses = new ArrayList<>();
        StringBuilder docs = new StringBuilder();
        for (WitPackage file : files) {
            interfaces.addAll(file.interfaces());
            worlds.addAll(file.worlds());
            uses.addAll(file.uses());
            if (!file.docs().isEmpty()) {
                docs.append(docs.isEmpty() ? "" : "\n").append(file.docs());
            }
        }
        return new WitPackage(name, interfaces, worlds, uses, docs.toString());
    }

    /** {@code use wasi:io/streams@0.2.0 as streams;} at the top of a file. */
    public record TopLevelUse(UsePath path, String as, Position position) {
        public TopLevelUse {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(as, "as");
            Objects.requireNonNull(position, "position");
        }
    }
}
