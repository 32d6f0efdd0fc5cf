package dev.plinth.host.internal.component;

import dev.plinth.abi.EventAccess;
import dev.plinth.abi.KvAccess;
import dev.plinth.abi.LogBudget;
import dev.plinth.component.ComponentImports;
import dev.plinth.component.HostFunction;
import dev.plinth.component.value.Value;
import dev.plinth.sandbox.fs.FileSandbox;
import dev.plinth.sandbox.fs.WriteQuotaExceededException;
import dev.plinth.sandbox.net.HttpGateway;
import dev.plinth.sandbox.net.HttpRequestFailedException;
import dev.plinth.sandbox.net.PluginHttpRequest;
import dev.plinth.sandbox.net.PluginHttpResponse;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.event.Level;

/**
 * The host side of {@code wit/plinth.wit}'s service interfaces ({@code plinth:plugin/logger}, {@code kv-store},
 * {@code events}, {@code data-dir}, {@code http-client}) for one component plugin version, over the same
 * services an Extism plugin of the version would get: its key-value store under its quota ({@link KvAccess}),
 * the engine's event queue ({@link EventAccess}), its data directory in the file jail, its HTTP gateway under
 * its network policy, and its log under the call's {@link LogBudget}. A service the version was not granted
 * is absent ({@code null}): {@link ComponentImportCheck} refuses a component importing it before it links.
 */
public final class PlinthServices {
    private final KvAccess kv;
    private final EventAccess events;
    private final FileSandbox files;
    private final Path dataDir;
    private final HttpGateway http;

    /**
     * @param kv the version's store, or {@code null} when it has none
     * @param events the version's events, or {@code null} when it emits none
     * @param files the version's file sandbox, whose {@value dev.plinth.api.manifest.Permissions#DATA_DIR_PATH}
     *     mount (if any) is the data directory
     * @param http the version's gateway, or {@code null} when it has no network grant
     */
    public PlinthServices(KvAccess kv, EventAccess events, FileSandbox files, HttpGateway http) {
        this.kv = kv;
        this.events = events;
        this.files = files;
        this.dataDir = files.preopens().get(dev.plinth.api.manifest.Permissions.DATA_DIR_PATH);
        this.http = http;
    }

    /** The functions of one instance, its lines logged under {@code logs}. */
    public ComponentImports imports(LogBudget logs) {
        Map<String, HostFunction> f = new LinkedHashMap<>();
        f.put("logger#log", args -> {
            logs.log(level(((Value.Enum) args.get(0)).caseName()), str(args.get(1)));
            return List.of();
        });
        if (kv != null) {
            f.put("kv-store#get", args -> List.of(new Value.Option(kv.read(str(args.get(0))).map(PlinthServices::bytes))));
            f.put("kv-store#set", args -> List.of(unit(kv.write(str(args.get(0)), bytes(args.get(1))))));
            f.put("kv-store#delete", args -> List.of(new Value.Bool(kv.remove(str(args.get(0))))));
            f.put("kv-store#list-keys", args -> List.of(new Value.ListOf(kv.list(str(args.get(0))).stream()
                    .<Value>map(Value.Str::new).toList())));
        }
        if (events != null) {
            f.put("events#emit", args -> List.of(unit(events.offer(str(args.get(0)), str(args.get(1))))));
        }
        if (dataDir != null) {
            f.put("data-dir#read", args -> List.of(inDataDir(args, "read", p -> ok(bytes(Files.readAllBytes(p))))));
            f.put("data-dir#write", args -> List.of(inDataDir(args, "write", p -> {
                Files.write(p, bytes(args.get(1)));
                return ok(null);
            })));
            f.put("data-dir#delete", args -> List.of(inDataDir(args, "delete", p -> {
                Files.delete(p);
                return ok(null);
            })));
            f.put("data-dir#list-dir", args -> List.of(inDataDir(args, "list-dir", p -> {
                List<String> names = new ArrayList<>();
                try (DirectoryStream<Path> dir = Files.newDirectoryStream(p)) {
                    for (Path each : dir) {
                        names.add(each.getFileName().toString());
                        if (names.size() > 10_000) {
                            return err("list-dir " + shown(str(args.get(0))) + ": more than 10000 entries");
                        }
                    }
                }
                names.sort(null);
                return ok(new Value.ListOf(names.stream().<Value>map(Value.Str::new).toList()));
            })));
        }
        if (http != null) {
            f.put("http-client#send", args -> List.of(send((Value.Record) args.get(0))));
        }
        Map<String, HostFunction> functions = Map.copyOf(f);
        return name -> {
            String key = PlinthInterfaces.unversioned(name);
            return key == null ? null : functions.get(key);
        };
    }

    private interface FileAction {
        Value.Result run(Path path) throws IOException;
    }

    /** A data-dir call on a path relative to the data directory: one that climbs out is refused and reported. */
    private Value.Result inDataDir(List<Value> args, String what, FileAction action) {
        String path = str(args.get(0));
        if (FileSandbox.escapes(path) || path.indexOf('\0') >= 0) {
            String message = "plinth:plugin/data-dir " + what + " " + shown(path)
                    + ": outside the data directory (absolute, or climbing out with ..)";
            files.refused(message);
            return err(message);
        }
        try {
            return action.run(path.isEmpty() ? dataDir : dataDir.resolve(path));
        } catch (IOException | java.io.UncheckedIOException | WriteQuotaExceededException | SecurityException e) {
            return err("data-dir " + what + " " + shown(path) + ": " + describe(e));
        }
    }

    private Value.Result send(Value.Record request) {
        Map<String, Value> r = request.fields();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Value header : ((Value.ListOf) r.get("headers")).elements()) {
            List<Value> pair = ((Value.Tuple) header).elements();
            headers.put(str(pair.get(0)), str(pair.get(1)));
        }
        byte[] body = ((Value.Option) r.get("body")).value().map(PlinthServices::bytes).orElse(new byte[0]);
        try {
            PluginHttpResponse response = http.send(new PluginHttpRequest(str(r.get("method")).toUpperCase(Locale.ROOT),
                    str(r.get("url")), headers, body));
            List<Value> answered = new ArrayList<>();
            (http.responseHeaders() ? response.headers() : Map.<String, String>of()).forEach((k, v) -> answered.add(new Value.Tuple(List.of(new Value.Str(k),
                    new Value.Str(v)))));
            return ok(new Value.Record(Map.of("status", new Value.U16(response.status()),
                    "headers", new Value.ListOf(answered), "body", bytes(response.body()))));
        } catch (dev.plinth.api.error.PermissionDeniedException e) {
            // as for http_request: a host the policy does not grant ends the call, audited
            throw new dev.plinth.api.error.PermissionDeniedException("plinth:plugin/http-client send: "
                    + e.getMessage(), e);
        } catch (HttpRequestFailedException | IllegalArgumentException e) {
            return err("http-client send: " + e.getMessage());
        }
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "access denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof java.nio.file.DirectoryNotEmptyException) {
            return "directory not empty";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Level level(String name) {
        return switch (name) {
            case "trace" -> Level.TRACE;
            case "debug" -> Level.DEBUG;
            case "warn" -> Level.WARN;
            case "error" -> Level.ERROR;
            default -> Level.INFO;
        };
    }

    private static String shown(String path) {
        return dev.plinth.api.unit.Quoting.quote(dev.plinth.api.unit.TextCap.chars(path, 128));
    }

    private static String str(Value v) {
        return ((Value.Str) v).value();
    }

    private static byte[] bytes(Value v) {
        return ((Value.ListOf) v).asBytes().orElseThrow(() -> new ClassCastException("a list<u8> holds another value"));
    }

    private static Value.ListOf bytes(byte[] data) {
        return Value.ListOf.ofBytes(data);
    }

    private static Value.Result unit(Optional<String> refusal) {
        return refusal.map(PlinthServices::err).orElse(ok(null));
    }

    private static Value.Result ok(Value payload) {
        return new Value.Result(true, Optional.ofNullable(payload));
    }

    private static Value.Result err(String message) {
        return new Value.Result(false, Optional.of(new Value.Str(message)));
    }
}
