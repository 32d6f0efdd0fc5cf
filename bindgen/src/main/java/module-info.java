/** Java sources from WIT ({@link dev.plinth.bindgen.JavaBindgen}); the writers are internal. */
module dev.plinth.bindgen {
    requires transitive dev.plinth.component;

    exports dev.plinth.bindgen;
}
