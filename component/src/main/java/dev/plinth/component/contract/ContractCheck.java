package dev.plinth.component.contract;

import dev.plinth.component.type.ComponentType;
import dev.plinth.component.type.ValueType;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares a component's interface with what it must be, and names the first difference. Against a world
 * ({@link #againstWorld}): every export of the world is exported by the component with an equal type, and the
 * component imports nothing the world does not (an imported interface may be a subset of the world's: wit-component
 * imports only the functions a core module calls). Against the version serving ({@link #againstServing}): every
 * export of the serving version is still there with an equal type (new exports and any imports are allowed; the
 * linker refuses imports the host cannot give). Interface names match across versions of their package by
 * {@link CaretVersion}: {@code plinth:plugin/processing@0.1.0} in the component and {@code @0.1.3} in the world.
 */
public final class ContractCheck {
    private final ComponentType expected;
    private final Map<ValueType, String> expectedNames;
    private final String expectedSide;
    private final String actualSide;
    private final boolean checkImports;

    private ContractCheck(ComponentType expected, Map<ValueType, String> expectedNames, String expectedSide,
            String actualSide, boolean checkImports) {
        this.expected = expected;
        this.expectedNames = expectedNames;
        this.expectedSide = expectedSide;
        this.actualSide = actualSide;
        this.checkImports = checkImports;
    }

    /** The check of a component against the world it says it implements. */
    public static ContractCheck againstWorld(WorldContract world) {
        return new ContractCheck(world.type(), world.names(), "in the world", "in the component", true);
    }

    /** The check of a new version's interface against the one of the version serving now. */
    public static ContractCheck againstServing(ComponentType serving) {
        return new ContractCheck(serving, names(serving), "in the serving version", "in the new version", false);
    }

    /**
     * The first difference, e.g. {@code export plinth:plugin/processing@0.1.0#process: result's ok type: record
     * response: field `body` is string in the world, list<u8> in the component}; empty when the component fits.
     */
    public Optional<String> firstDifference(ComponentType component) {
        TypeDifference types = new TypeDifference(expectedNames, names(component), expectedSide, actualSide);
        for (ComponentType.Item want : expected.exports()) {
            if (!(want instanceof ComponentType.Func) && !(want instanceof ComponentType.Instance)) {
                continue;
            }
            Optional<ComponentType.Item> found = find(component.exports(), want.name());
            if (found.isEmpty()) {
                return Optional.of("export " + want.name() + ": missing " + actualSide + ", which exports "
                        + functionsAndInstances(component.exports()));
            }
            Optional<String> version = versionDifference("export", want.name(), found.get().name());
            if (version.isPresent()) {
                return version;
            }
            Optional<String> d = compare("export", want, found.get(), types, false);
            if (d.isPresent()) {
                return d;
            }
        }
        if (!checkImports) {
            return Optional.empty();
        }
        for (ComponentType.Item have : component.imports()) {
            if (!(have instanceof ComponentType.Func) && !(have instanceof ComponentType.Instance)) {
                continue;
            }
            Optional<ComponentType.Item> allowed = find(expected.imports(), have.name());
            if (allowed.isEmpty()) {
                return Optional.of("import " + have.name() + ": not an import " + expectedSide + ", which imports "
                        + functionsAndInstances(expected.imports()));
            }
            Optional<String> version = versionDifference("import", allowed.get().name(), have.name());
            if (version.isPresent()) {
                return version;
            }
            Optional<String> d = compare("import", allowed.get(), have, types, true);
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    /**
     * The first of a component's import names ({@link dev.plinth.component.Component#importNames()}) that is not
     * an import of the world, in the words of {@link #firstDifference}; for a component whose type cannot be read
     * before it is instantiated, so that one importing what its world does not is refused before anything of it
     * runs, whatever its grants. Empty when every name is the world's, or for a check against the serving version.
     */
    public Optional<String> firstImportNameDifference(List<String> importNames) {
        if (!checkImports) {
            return Optional.empty();
        }
        for (String name : importNames) {
            Optional<ComponentType.Item> allowed = find(expected.imports(), name);
            if (allowed.isEmpty()) {
                return Optional.of("import " + name + ": not an import " + expectedSide + ", which imports "
                        + functionsAndInstances(expected.imports()));
            }
            Optional<String> version = versionDifference("import", allowed.get().name(), name);
            if (version.isPresent()) {
                return version;
            }
        }
        return Optional.empty();
    }

    /** Compares an expected item with the actual one; for an import the actual interface may hold fewer functions. */
    private Optional<String> compare(String direction, ComponentType.Item want, ComponentType.Item have,
            TypeDifference types, boolean subset) {
        String label = direction + " " + want.name();
        if (want instanceof ComponentType.Func wf) {
            if (!(have instanceof ComponentType.Func hf)) {
                return Optional.of(label + ": a function " + expectedSide + ", an interface " + actualSide);
            }
            return types.of(wf.type(), hf.type()).map(d -> join(label, d));
        }
        ComponentType.Instance wi = (ComponentType.Instance) want;
        if (!(have instanceof ComponentType.Instance hi)) {
            return Optional.of(label + ": an interface " + expectedSide + ", a function " + actualSide);
        }
        List<ComponentType.Item> outer = subset ? hi.items() : wi.items();
        List<ComponentType.Item> inner = subset ? wi.items() : hi.items();
        for (ComponentType.Item item : outer) {
            if (!(item instanceof ComponentType.Func f)) {
                continue;
            }
            Optional<ComponentType.Func> other = inner.stream().filter(i -> i instanceof ComponentType.Func
                    && i.name().equals(f.name())).map(ComponentType.Func.class::cast).findFirst();
            String fl = label + "#" + f.name();
            if (other.isEmpty()) {
                return Optional.of(fl + (subset ? ": not in the interface " + expectedSide
                        : ": missing " + actualSide));
            }
            Optional<String> d = subset ? types.of(other.get().type(), f.type()) : types.of(f.type(), other.get().type());
            if (d.isPresent()) {
                return Optional.of(join(fl, d.get()));
            }
        }
        return Optional.empty();
    }

    private Optional<String> versionDifference(String direction, String expectedName, String actualName) {
        Optional<String> ev = version(expectedName);
        Optional<String> av = version(actualName);
        if (ev.isEmpty() || av.isEmpty() || ev.equals(av)) {
            return Optional.empty();
        }
        if (CaretVersion.satisfies(av.get(), ev.get())) {
            return Optional.empty();
        }
        return Optional.of(direction + " " + base(expectedName) + ": version " + ev.get() + " " + expectedSide
                + ", " + av.get() + " " + actualSide + ", which " + ev.get() + " does not satisfy (^" + av.get()
                + ", Cargo's caret rule)");
    }

    private static String join(String label, String difference) {
        return label + (difference.startsWith("is ") ? " " : ": ") + difference;
    }

    /** The item of that name, its version aside: a versioned interface name matches another version of it. */
    private static Optional<ComponentType.Item> find(List<ComponentType.Item> items, String name) {
        Optional<ComponentType.Item> exact = items.stream().filter(i -> i.name().equals(name)).findFirst();
        if (exact.isPresent() || version(name).isEmpty()) {
            return exact;
        }
        String base = base(name);
        return items.stream().filter(i -> version(i.name()).isPresent() && base(i.name()).equals(base)).findFirst();
    }

    /** The version of an interface name {@code ns:pkg/iface@1.2.3}; a plain name has none. */
    static Optional<String> version(String name) {
        int at = name.lastIndexOf('@');
        return at > 0 && name.indexOf(':') >= 0 && name.indexOf('/') >= 0 && name.indexOf('/') < at
                ? Optional.of(name.substring(at + 1)) : Optional.empty();
    }

    private static String base(String name) {
        return version(name).isPresent() ? name.substring(0, name.lastIndexOf('@')) : name;
    }

    private static String functionsAndInstances(List<ComponentType.Item> items) {
        return items.stream().filter(i -> i instanceof ComponentType.Func || i instanceof ComponentType.Instance)
                .map(ComponentType.Item::name).toList().toString();
    }

    /** The names a component gives its types, by identity. */
    static Map<ValueType, String> names(ComponentType type) {
        Map<ValueType, String> names = new IdentityHashMap<>();
        addNames(type.imports(), names);
        addNames(type.exports(), names);
        return names;
    }

    private static void addNames(List<ComponentType.Item> items, Map<ValueType, String> names) {
        for (ComponentType.Item item : items) {
            if (item instanceof ComponentType.NamedType t) {
                names.putIfAbsent(t.type(), t.name());
            } else if (item instanceof ComponentType.Instance i) {
                addNames(i.items(), names);
            }
        }
    }
}
