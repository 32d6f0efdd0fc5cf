package dev.plinth.host.internal.component;

import dev.plinth.component.contract.ContractCheck;
import dev.plinth.component.contract.WorldContract;
import dev.plinth.component.type.ComponentType;
import dev.plinth.component.wit.ResolvedWit;
import dev.plinth.component.wit.WitParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The types of {@code wit/plinth.wit}'s host services, as the engine provides them (the file is built into this
 * module, world {@code full-plugin}), and the check that a component imports each service it uses with those
 * types: a component built against another {@code plinth.wit} (a changed {@code log} signature, say) is refused
 * at load, naming the first difference, instead of failing at its first call.
 */
final class PlinthServiceTypes {
    private static final String RESOURCE = "plinth.wit";
    private static final ComponentType HOST = load().type();
    private static final ContractCheck CHECK = ContractCheck.importsWithin(HOST, "in the host's plinth.wit");

    private PlinthServiceTypes() {
    }

    private static WorldContract load() {
        try (InputStream in = PlinthServiceTypes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the engine is built without its " + RESOURCE);
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return WorldContract.of(ResolvedWit.of(WitParser.parse(source, RESOURCE), List.of()), "full-plugin");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the engine's " + RESOURCE, e);
        }
    }

    /**
     * The first difference between the host services {@code type} imports and the host's, e.g. {@code import
     * plinth:plugin/logger@0.1.0#log: ...}; empty when they fit. Other imports are not looked at; any 0.1.x
     * version of a service is compared with the host's.
     */
    static Optional<String> firstDifference(ComponentType type) {
        List<ComponentType.Item> services = new ArrayList<>();
        for (ComponentType.Item item : type.imports()) {
            String service = PlinthInterfaces.service(item.name());
            if (service != null && item instanceof ComponentType.Instance i) {
                services.add(new ComponentType.Instance(hostName(service).orElse(item.name()), i.items()));
            } else if (service != null) {
                return Optional.of("import " + item.name() + ": an interface in the host's plinth.wit, not a "
                        + "function or type");
            }
        }
        return CHECK.firstDifference(new ComponentType(services, List.of()));
    }

    /** The name the host's world imports {@code service} by, {@code plinth:plugin/logger@0.1.0}. */
    private static Optional<String> hostName(String service) {
        return HOST.imports().stream().map(ComponentType.Item::name)
                .filter(name -> service.equals(PlinthInterfaces.service(name))).findFirst();
    }
}
