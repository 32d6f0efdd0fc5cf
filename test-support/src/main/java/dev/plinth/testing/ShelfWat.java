package dev.plinth.testing;

/**
 * A component of world {@code my:app/shelf@1.0.0} ({@link #WIT}) for the tests of host imports: it imports a
 * function of its world's own, {@code log-line}, and the interface {@code my:app/store@1.0.0} whose resource
 * {@code cursor} the host implements, and exports functions that use them well and badly.
 */
public final class ShelfWat {
    /** The world the component implements, as bindgen and the contract check read it. */
    public static final String WIT = """
            package my:app@1.0.0;

            interface store {
              /** The items of a shelf whose names start with a prefix, one after the other. */
              resource cursor {
                constructor(prefix: string);
                next: func() -> option<string>;
              }
            }

            world shelf {
              import log-line: func(s: string);
              import store;
              export count: func(prefix: string) -> u32;
              export keep: func(prefix: string) -> u32;
              export forge: func(h: u32) -> bool;
              export after-drop: func() -> bool;
            }
            """;

    /**
     * {@code count(prefix) -> u32}: opens a cursor on {@code prefix}, logs every item it yields through
     * {@code log-line}, drops it, and answers how many there were. {@code keep(prefix) -> u32}: opens a cursor and
     * keeps it, answering its handle. {@code forge(h) -> bool}: calls {@code next} on handle {@code h}, whatever
     * it is (true when an item came). {@code after-drop() -> bool}: opens a cursor, drops it, then calls
     * {@code next} on it.
     */
    public static final String WAT = """
            (component
              (type $store-type (instance
                (export "cursor" (type $cursor (sub resource)))
                (type $own (own $cursor))
                (type $borrow (borrow $cursor))
                (type $opt (option string))
                (export "[constructor]cursor" (func (param "prefix" string) (result $own)))
                (export "[method]cursor.next" (func (param "self" $borrow) (result $opt)))))
              (import "my:app/store@1.0.0" (instance $store (type $store-type)))
              (import "log-line" (func $log-line (param "s" string)))
              (alias export $store "cursor" (type $cursor))
              (alias export $store "[constructor]cursor" (func $new))
              (alias export $store "[method]cursor.next" (func $next))
              (core module $memory
                (memory (export "mem") 1)
                (global $top (mut i32) (i32.const 1024))
                (func (export "realloc") (param i32 i32 i32 i32) (result i32)
                  (local $p i32)
                  global.get $top
                  local.get 2 i32.const 1 i32.sub i32.add
                  i32.const 0 local.get 2 i32.sub i32.and
                  local.tee $p
                  local.get 3 i32.add
                  global.set $top
                  local.get $p))
              (core instance $mi (instantiate $memory))
              (alias core export $mi "mem" (core memory $mem))
              (alias core export $mi "realloc" (core func $realloc))
              (core func $log-core (canon lower (func $log-line) (memory $mem) string-encoding=utf8))
              (core func $new-core (canon lower (func $new) (memory $mem) string-encoding=utf8))
              (core func $next-core (canon lower (func $next) (memory $mem) (realloc $realloc) string-encoding=utf8))
              (core func $drop-core (canon resource.drop $cursor))
              (core instance $host
                (export "log-line" (func $log-core))
                (export "[constructor]cursor" (func $new-core))
                (export "[method]cursor.next" (func $next-core))
                (export "[resource-drop]cursor" (func $drop-core)))
              (core module $m
                (import "mem" "mem" (memory 1))
                (import "host" "log-line" (func $log (param i32 i32)))
                (import "host" "[constructor]cursor" (func $new (param i32 i32) (result i32)))
                (import "host" "[method]cursor.next" (func $next (param i32 i32)))
                (import "host" "[resource-drop]cursor" (func $drop (param i32)))
                (func (export "count") (param $p i32) (param $l i32) (result i32)
                  (local $h i32) (local $n i32)
                  local.get $p local.get $l call $new local.set $h
                  (block $done
                    (loop $more
                      local.get $h i32.const 64 call $next
                      i32.const 64 i32.load8_u i32.eqz br_if $done
                      i32.const 68 i32.load i32.const 72 i32.load call $log
                      local.get $n i32.const 1 i32.add local.set $n
                      br $more))
                  local.get $h call $drop
                  local.get $n)
                (func (export "keep") (param $p i32) (param $l i32) (result i32)
                  local.get $p local.get $l call $new)
                (func (export "forge") (param $h i32) (result i32)
                  local.get $h i32.const 64 call $next
                  i32.const 64 i32.load8_u)
                (func (export "after-drop") (result i32)
                  (local $h i32)
                  i32.const 0 i32.const 0 call $new local.set $h
                  local.get $h call $drop
                  local.get $h i32.const 64 call $next
                  i32.const 64 i32.load8_u))
              (core instance $i (instantiate $m (with "mem" (instance $mi)) (with "host" (instance $host))))
              (func (export "count") (param "prefix" string) (result u32)
                (canon lift (core func $i "count") (memory $mem) (realloc $realloc) string-encoding=utf8))
              (func (export "keep") (param "prefix" string) (result u32)
                (canon lift (core func $i "keep") (memory $mem) (realloc $realloc) string-encoding=utf8))
              (func (export "forge") (param "h" u32) (result bool) (canon lift (core func $i "forge")))
              (func (export "after-drop") (result bool) (canon lift (core func $i "after-drop")))
            )
            """;

    private ShelfWat() {
    }
}
