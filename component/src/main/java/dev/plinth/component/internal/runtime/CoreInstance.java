package dev.plinth.component.internal.runtime;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.plinth.component.ComponentLinkException;
import dev.plinth.component.internal.binary.Sort;
import java.util.Map;

/** A core instance of a component: an instantiated core module, or a bundle of existing core items. */
sealed interface CoreInstance {
    /** The export {@code name} of kind {@code sort}. */
    CoreItem export(String name, Sort sort);

    /** An instantiated module on Chicory. */
    record Module(Instance instance, int index) implements CoreInstance {
        @Override
        public CoreItem export(String name, Sort sort) {
            boolean exported = false;
            for (int i = 0; i < instance.module().exportSection().exportCount(); i++) {
                exported |= instance.module().exportSection().getExport(i).name().equals(name);
            }
            if (!exported) {
                throw new ComponentLinkException("core instance " + index + " has no export '" + name + "'");
            }
            try {
                return switch (sort) {
                    case CORE_FUNC -> {
                        FunctionType type = instance.exportType(name);
                        yield new CoreItem.Func(CoreFunc.Exported.of(instance, name, type));
                    }
                    case CORE_MEMORY -> new CoreItem.Mem(instance.exports().memory(name));
                    case CORE_TABLE -> new CoreItem.Table(instance.exports().table(name));
                    case CORE_GLOBAL -> new CoreItem.Global(instance.exports().global(name));
                    default -> throw new ComponentLinkException("a core " + sort + " export is not supported");
                };
            } catch (RuntimeException e) {
                if (e instanceof ComponentLinkException) {
                    throw e;
                }
                throw new ComponentLinkException("core instance " + index + " export '" + name + "' is not a "
                        + sort, e);
            }
        }
    }

    /** Core items gathered under names by {@code (core instance (export ...))}. */
    record Bundle(Map<String, CoreItem> items, int index) implements CoreInstance {
        @Override
        public CoreItem export(String name, Sort sort) {
            CoreItem item = items.get(name);
            if (item == null) {
                throw new ComponentLinkException("core instance " + index + " has no export '" + name + "'");
            }
            boolean matches = switch (sort) {
                case CORE_FUNC -> item instanceof CoreItem.Func;
                case CORE_MEMORY -> item instanceof CoreItem.Mem;
                case CORE_TABLE -> item instanceof CoreItem.Table;
                case CORE_GLOBAL -> item instanceof CoreItem.Global;
                default -> false;
            };
            if (!matches) {
                throw new ComponentLinkException("core instance " + index + " export '" + name + "' is not a " + sort);
            }
            return item;
        }
    }
}
