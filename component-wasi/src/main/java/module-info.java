/**
 * WASI 0.2 for components over the plugin sandbox: {@link dev.plinth.component.wasi.WasiComponents} checks a
 * component's WASI imports and provides them for one instance. The implementation is internal.
 */
module dev.plinth.component.wasi {
    requires transitive dev.plinth.component;
    requires transitive dev.plinth.abi;
    requires org.slf4j;

    exports dev.plinth.component.wasi;
}
