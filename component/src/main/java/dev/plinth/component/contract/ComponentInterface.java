package dev.plinth.component.contract;

import dev.plinth.component.Component;
import dev.plinth.component.UnsupportedComponentException;
import dev.plinth.component.type.ComponentType;
import dev.plinth.component.type.FuncType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A component's interface for a contract check or its hash. {@link Component#type()} when it can read it (with the
 * names the component gives its types and the types of imported functions, through nested components); for a
 * component whose type that cannot read (a shape it does not support), the functions an instance of it exports
 * (as {@code iface#name}) and the interfaces it imports by name only.
 */
public final class ComponentInterface {
    private ComponentInterface() {
    }

    /**
     * @param exports what an instance of the component exports ({@link dev.plinth.component.ComponentInstance#exports()})
     */
    public static ComponentType of(Component component, Map<String, FuncType> exports) {
        try {
            return component.type();
        } catch (UnsupportedComponentException e) {
            return fromInstance(component.importNames(), exports);
        }
    }

    static ComponentType fromInstance(List<String> importNames, Map<String, FuncType> exports) {
        List<ComponentType.Item> items = new ArrayList<>();
        Map<String, List<ComponentType.Item>> interfaces = new LinkedHashMap<>();
        exports.forEach((name, type) -> {
            int hash = name.indexOf('#');
            if (hash < 0) {
                items.add(new ComponentType.Func(name, type));
            } else {
                interfaces.computeIfAbsent(name.substring(0, hash), k -> new ArrayList<>())
                        .add(new ComponentType.Func(name.substring(hash + 1), type));
            }
        });
        interfaces.forEach((name, functions) -> items.add(new ComponentType.Instance(name, functions)));
        List<ComponentType.Item> imports = new ArrayList<>();
        for (String name : importNames) {
            if (name.indexOf(':') > 0 && name.indexOf('/') > 0) {
                imports.add(new ComponentType.Instance(name, List.of()));
            }
        }
        return new ComponentType(imports, items);
    }
}
