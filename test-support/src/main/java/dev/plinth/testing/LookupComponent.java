package dev.plinth.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A component plugin that imports an interface of the application, {@code my:app/lookup@1.0.0}
 * ({@code price: func(item: string) -> u32}), and exports {@code quote: func() -> u32}, which is
 * {@code price("apple") + 1}: for the tests of application imports, in the engine and through Spring beans.
 */
public final class LookupComponent {
    /** The interface the component imports. */
    public static final String INTERFACE = "my:app/lookup@1.0.0";
    /** The permissions of a manifest that asks for the interface. */
    public static final String ASKS = """
            [permissions]
            host-functions = ["my:app/lookup@1.0.0"]
            """;
    /** The component, as WAT. */
    public static final String WAT = """
            (component
              (type $lookup-type (instance
                (type $f (func (param "item" string) (result u32)))
                (export "price" (func (type $f)))))
              (import "my:app/lookup@1.0.0" (instance $lookup (type $lookup-type)))
              (alias export $lookup "price" (func $price))
              (core module $memory (memory (export "mem") 1))
              (core instance $mi (instantiate $memory))
              (alias core export $mi "mem" (core memory $mem))
              (core func $price-core (canon lower (func $price) (memory $mem) string-encoding=utf8))
              (core instance $imports (export "price" (func $price-core)))
              (core module $m
                (import "mem" "mem" (memory 1))
                (import "lookup" "price" (func $price (param i32 i32) (result i32)))
                (data (i32.const 16) "apple")
                (func (export "quote") (result i32)
                  i32.const 16 i32.const 5 call $price
                  i32.const 1 i32.add))
              (core instance $i (instantiate $m (with "mem" (instance $mi)) (with "lookup" (instance $imports))))
              (func $quote (result u32) (canon lift (core func $i "quote")))
              (export "quote" (func $quote))
            )
            """;

    private LookupComponent() {
    }

    /**
     * Writes plugin {@code name} 1.0.0 into {@code plugins/<name>}: the component as {@code <name>.wasm} and a
     * manifest with {@code permissions} (TOML, {@link #ASKS} or none); returns its directory.
     */
    public static Path write(Path plugins, String name, String permissions) throws IOException {
        Path dir = Files.createDirectories(plugins.resolve(name));
        Files.write(dir.resolve(name + ".wasm"), ComponentWat.assemble(WAT));
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "%s"
                version = "1.0.0"
                entrypoint = "%s.wasm"

                %s
                """.formatted(name, name, permissions));
        return dir;
    }
}
