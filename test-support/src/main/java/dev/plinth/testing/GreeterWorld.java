package dev.plinth.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A world and the component plugins that implement it, or break it, for the tests of component contracts at
 * load and at reload: the WIT package {@code my:app@<version>} with interface {@code greeting}
 * ({@code greet: func(r: request) -> string}, {@code request} a record of {@code name: string} and
 * {@code times: u32}) and world {@code greeter}, which exports it.
 */
public final class GreeterWorld {
    /** The WIT of {@code my:app@%s}; format it with the package version. */
    public static final String WIT = """
            package my:app@%s;

            interface greeting {
                record request {
                    name: string,
                    times: u32,
                }
                greet: func(r: request) -> string;
            }

            world greeter {
                export greeting;
            }
            """;

    private GreeterWorld() {
    }

    /**
     * A component exporting {@code my:app/greeting@<version>} with {@code greet: func(r: record { name: <name>,
     * times: u32 }) -> string} answering {@code answer} (two characters); with {@code extraExport}, the
     * interface exports {@code extra: func() -> u32} too; {@code imports} (WAT) is put first, when not empty.
     */
    public static String component(String version, String name, String answer, String imports,
            boolean extraExport) {
        return """
                (component
                  %s
                  (core module $m
                    (memory (export "mem") 1)
                    (global $next (mut i32) (i32.const 1024))
                    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
                      (local $p i32)
                      global.get $next
                      local.get 2 i32.const 1 i32.sub i32.add
                      i32.const 0 local.get 2 i32.sub i32.and
                      local.tee $p
                      local.get 3 i32.add
                      global.set $next
                      local.get $p)
                    (func (export "greet") (param i32 i32 i32) (result i32)
                      i32.const 16 i32.const 100 i32.store
                      i32.const 20 i32.const 2 i32.store
                      i32.const 16)
                    (func (export "extra") (result i32) i32.const 7)
                    (data (i32.const 100) "%s"))
                  (core instance $i (instantiate $m))
                  (alias core export $i "mem" (core memory $mem))
                  (alias core export $i "realloc" (core func $realloc))
                  (type $req (record (field "name" %s) (field "times" u32)))
                  (func $greet (param "r" $req) (result string)
                    (canon lift (core func $i "greet") (memory $mem) (realloc $realloc)))
                  (func $extra (result u32) (canon lift (core func $i "extra")))
                  (instance $api (export "greet" (func $greet))%s)
                  (export "my:app/greeting@%s" (instance $api)))
                """.formatted(imports, answer, name, extraExport ? " (export \"extra\" (func $extra))" : "", version);
    }

    /**
     * Writes plugin {@code name} at {@code version} into {@code plugins/<name>}: {@code wat} assembled as
     * {@code greeter.wasm}, a manifest with {@code manifestExtra} (TOML lines of {@code [plugin]}, such as its
     * {@code world}), and, unless {@code witVersion} is {@code null}, {@link #WIT} of that version as
     * {@code wit/greeting.wit}; returns its directory.
     */
    public static Path write(Path plugins, String name, String version, String wat, String manifestExtra,
            String witVersion) throws IOException {
        Path dir = Files.createDirectories(plugins.resolve(name));
        Files.write(dir.resolve("greeter.wasm"), ComponentWat.assemble(wat));
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "%s"
                version = "%s"
                entrypoint = "greeter.wasm"
                %s
                """.formatted(name, version, manifestExtra));
        if (witVersion != null) {
            Files.createDirectories(dir.resolve("wit"));
            Files.writeString(dir.resolve("wit/greeting.wit"), WIT.formatted(witVersion));
        }
        return dir;
    }
}
