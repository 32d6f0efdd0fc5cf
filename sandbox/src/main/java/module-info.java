/** Enforces the grants where a plugin uses them: the file jail and the network gateway. */
module dev.plinth.sandbox {
    requires transitive dev.plinth.api;

    exports dev.plinth.sandbox.fs;
    exports dev.plinth.sandbox.net;
}
