/** Enforces the grants where a plugin uses them: the file jail and the network gateway. */
module dev.plinth.sandbox {
    requires transitive dev.plinth.api;
    requires org.apache.httpcomponents.client5.httpclient5;
    requires org.apache.httpcomponents.core5.httpcore5;

    exports dev.plinth.sandbox.fs;
    exports dev.plinth.sandbox.net;
}
